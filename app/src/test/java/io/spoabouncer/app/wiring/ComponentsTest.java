package io.spoabouncer.app.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spoabouncer.app.plugins.LoadedPlugin;
import io.spoabouncer.app.plugins.PluginRegistry;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.DecisionSource;
import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Plugin;
import io.spoabouncer.ports.spi.SourceContext;
import io.spoabouncer.settings.hocon.HoconSettings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComponentsTest {
    /** A factory that quotes its key in its error, as a careless plugin might. */
    static final Factory<DecisionSource, SourceContext> CARELESS = Factory.of(Kind.DECISION_SOURCE, "careless", Set.of("api-key"),
            (settings, context) -> {
                throw settings.invalid("api-key", "'" + settings.string("api-key") + "' was refused by https://lapi/?key=" + settings.string("api-key"));
            });

    static Components components() {
        Plugin plugin = new Plugin() {
            @Override
            public int spiVersion() {
                return SPI_VERSION;
            }

            @Override
            public List<Factory<?, ?>> factories() {
                return List.of(CARELESS);
            }
        };
        return new Components(new PluginRegistry(List.of(new LoadedPlugin("test", plugin, null, ComponentsTest.class.getClassLoader()))));
    }

    @Test
    void aSecretIsNeverInAMessage() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> components().create(Kind.DECISION_SOURCE, "careless",
                "decisions.sources", HoconSettings.of("decisions.careless", "api-key = \"s3cr3t-bouncer-key\""), null));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertEquals(List.of("decisions.careless.api-key: '***' was refused by https://lapi/?key=***"), e.problems());
    }

    @Test
    void settingsAreShownWithSecretsMasked() {
        String shown = Components.shown(HoconSettings.of("decisions.careless", "api-key = \"s3cr3t\"\nurl = \"http://x/\""), Set.of("api-key"));
        assertEquals("{api-key=***, url=http://x/}", shown);
    }

    @Test
    void anUnknownNameSuggestsTheNearest() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> components().create(Kind.DECISION_SOURCE, "carelss",
                "decisions.sources", HoconSettings.of("decisions.carelss", ""), null));
        assertEquals("decisions.sources: unknown decision source 'carelss'. Did you mean 'careless'? (expected one of: careless)", e.getMessage());
    }
}
