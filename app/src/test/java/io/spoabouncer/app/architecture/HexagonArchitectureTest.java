package io.spoabouncer.app.architecture;

import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.spoabouncer.app.Main;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hexagon's rules hold on the product, and each of them fails on the fixtures in
 * {@code io.spoabouncer.archfixture}, which break every rule once (so no rule passes vacuously).
 */
class HexagonArchitectureTest {
    static final String PRODUCT = "io.spoabouncer";
    static final String FIXTURE = "io.spoabouncer.archfixture";

    static final JavaClasses product = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(PRODUCT);
    /** The example plugin is not on app's class path (it would load as a built-in): import its classes from its build. */
    static final JavaClasses example = new ClassFileImporter().importPath(java.nio.file.Path.of(
            System.getProperty("spoa.examplePluginDir", "../examples/plugins/blocklist-http/target"), "classes"));
    static final JavaClasses fixtures = new ClassFileImporter().importPackages(FIXTURE);

    static List<Function<String, ArchRule>> rules() {
        return List.of(HexagonRules::domainIsPure, HexagonRules::portsDependOnDomainOnly, HexagonRules::adaptersAreIndependent,
                HexagonRules::nothingDependsOnApp, HexagonRules::onlyAppUsesGuice, HexagonRules::onlyAppReadsTypesafeConfig,
                HexagonRules::nettyStaysInTheSpoeAdapter, HexagonRules::micrometerStaysInTheMetricsAdapter,
                HexagonRules::coreUsesNoNettyOrJackson, HexagonRules::pluginsAndPortsNeverDependOnCore, HexagonRules::modulesAreFreeOfCycles);
    }

    @Test
    void theExamplePluginUsesPortsAndDomainOnly() {
        assertFalse(example.isEmpty(), "example plugin classes not found");
        HexagonRules.examplesUsePortsAndDomainOnly(PRODUCT).check(example);
        HexagonRules.pluginsAndPortsNeverDependOnCore(PRODUCT).check(example);
        assertThrows(AssertionError.class, () -> HexagonRules.examplesUsePortsAndDomainOnly(FIXTURE).check(fixtures));
    }

    /** The two decision sources are two adapters: a dependency between them breaks the rule (#29). */
    @Test
    void theDecisionSourcesAreSeparateAdapters() {
        JavaClasses sources = new ClassFileImporter().importPackages(FIXTURE + ".adapter.decisions");
        assertFalse(sources.isEmpty());
        assertThrows(AssertionError.class, () -> HexagonRules.adaptersAreIndependent(FIXTURE).check(sources));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void holdsOnTheProduct(Function<String, ArchRule> rule) {
        rule.apply(PRODUCT).check(product);
    }

    @ParameterizedTest
    @MethodSource("rules")
    void failsOnItsFixture(Function<String, ArchRule> rule) {
        assertThrows(AssertionError.class, () -> rule.apply(FIXTURE).check(fixtures));
    }

    @Test
    void everyLayerTheRulesNameHoldsClasses() {
        for (String pkg : List.of("domain", "ports.in", "ports.out", "ports.spi", "core.remediation", "core.http", "adapter.spoe",
                "adapter.decisions.file", "adapter.geo", "adapter.httpservices", "settings.hocon", "migrate", "app")) {
            assertFalse(product.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(PRODUCT + "." + pkg + "..")).isEmpty(),
                    pkg + " holds no class: a rule naming it would check nothing");
        }
    }

    @Test
    void generalCodingRules() {
        NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(product);
        NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(product);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().doNotBelongToAnyOf(Main.class)
                .should(com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("only the command line prints; everything else logs")
                .check(product);
    }
}
