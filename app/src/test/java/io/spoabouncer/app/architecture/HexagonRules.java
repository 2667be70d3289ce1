package io.spoabouncer.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The hexagon's rules, for any base package, so the same rules run on the product and on the
 * deliberately broken fixtures that prove each rule can fail.
 */
final class HexagonRules {
    private HexagonRules() {
    }

    /** domain: the JDK and itself, nothing else. */
    static ArchRule domainIsPure(String base) {
        return classes().that().resideInAPackage(base + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(base + ".domain..", "java..", "javax.crypto..")
                .because("the domain is plain Java (the JDK's crypto included) with no framework types");
    }

    /** ports: the JDK, the domain, itself. */
    static ArchRule portsDependOnDomainOnly(String base) {
        return classes().that().resideInAPackage(base + ".ports..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(base + ".ports..", base + ".domain..", "java..", "javax.crypto..")
                .because("ports and the plug-in SPI are shared with plugins, which must not need our libraries");
    }

    static ArchRule adaptersAreIndependent(String base) {
        return slices().assignedFrom(modules(base, true)).should().notDependOnEachOther()
                .because("adapters meet only through ports (adapter.decisions.file and adapter.decisions.http are two adapters)");
    }

    /** The modules, as packages: no module depends on one that depends on it. */
    static ArchRule modulesAreFreeOfCycles(String base) {
        return slices().assignedFrom(modules(base, false)).should().beFreeOfCycles()
                .because("a module cycle is a module too many: they could not be built apart");
    }

    /**
     * A class's module, named by its package under {@code base}: {@code adapter.<name>} (for the decision
     * sources {@code adapter.decisions.<name>}: each source its own adapter), {@code settings.hocon},
     * {@code decisions.json}, else the first package segment. With {@code adaptersOnly}, other classes are
     * left out.
     */
    static SliceAssignment modules(String base, boolean adaptersOnly) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                if (!p.startsWith(base + ".")) {
                    return SliceIdentifier.ignore();
                }
                String[] parts = p.substring(base.length() + 1).split("\\.");
                boolean adapter = parts[0].equals("adapter") && parts.length > 1;
                if (adaptersOnly && !adapter) {
                    return SliceIdentifier.ignore();
                }
                if (adapter) {
                    return SliceIdentifier.of(parts[1].equals("decisions") && parts.length > 2 ? "adapter.decisions." + parts[2] : "adapter." + parts[1]);
                }
                return SliceIdentifier.of((parts[0].equals("settings") || parts[0].equals("decisions")) && parts.length > 1
                        ? parts[0] + "." + parts[1] : parts[0]);
            }

            @Override
            public String getDescription() {
                return adaptersOnly ? "adapters" : "modules";
            }
        };
    }

    static ArchRule nothingDependsOnApp(String base) {
        return noClasses().that().resideOutsideOfPackage(base + ".app..")
                .should().dependOnClassesThat().resideInAPackage(base + ".app..")
                .because("only app knows every module");
    }

    static ArchRule onlyAppUsesGuice(String base) {
        return noClasses().that().resideOutsideOfPackage(base + ".app..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..")
                .because("only app creates the injector and binds modules");
    }

    /** core: the application services; it knows ports and domain, not the transport's or the JSON library's types. */
    static ArchRule coreUsesNoNettyOrJackson(String base) {
        return noClasses().that().resideInAPackage(base + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "com.fasterxml..", "com.typesafe.config..")
                .because("the core is the hexagon's middle: adapters bring the libraries");
    }

    /** Plugins (adapters and the example) and ports never reach into the core's services. */
    static ArchRule pluginsAndPortsNeverDependOnCore(String base) {
        return noClasses().that().resideInAnyPackage(base + ".ports..", base + ".adapter..", base + ".plugins..")
                .should().dependOnClassesThat().resideInAPackage(base + ".core..")
                .because("a plugin sees ports and domain only; core services are wired by app");
    }

    /** The example plugin is what a third party writes: ports, domain and the JDK, nothing of ours besides. */
    static ArchRule examplesUsePortsAndDomainOnly(String base) {
        return classes().that().resideInAPackage(base + ".plugins..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(base + ".plugins..", base + ".ports..", base + ".domain..", "java..", "javax..")
                .because("plugins are built against the SPI alone");
    }

    static ArchRule onlyAppReadsTypesafeConfig(String base) {
        return noClasses().that().resideOutsideOfPackages(base + ".app..", base + ".settings.hocon..", base + ".migrate..")
                .should().dependOnClassesThat().resideInAnyPackage("com.typesafe.config..")
                .because("components read their settings through the Settings port");
    }

    static ArchRule nettyStaysInTheSpoeAdapter(String base) {
        return noClasses().that().resideOutsideOfPackages(base + ".adapter.spoe..", base + ".app..", base + ".adapter.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..")
                .because("Netty is the SPOE adapter's transport");
    }

    static ArchRule micrometerStaysInTheMetricsAdapter(String base) {
        return noClasses().that().resideOutsideOfPackages(base + ".adapter.metrics..", base + ".app..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..")
                .because("the other modules report through the AgentMetrics port");
    }
}
