package io.spoabouncer.ports.spi;

import java.util.Set;
import java.util.function.BiFunction;

/**
 * The one shape of every plug-in factory: its kind, a name the configuration picks it by, and
 * {@code create}, which reads and validates its settings (throwing {@link ConfigurationException}) and
 * returns an unstarted component. {@code create} does no I/O and must not call the context's services
 * yet: they are ready from {@link Component#start()} on.
 *
 * @param <T> what it creates
 * @param <C> what the host hands it besides its settings
 */
public interface Factory<T extends Component, C> {
    Kind<T, C> kind();

    /** Lower-case letters, digits, '-' and '_', starting with a letter; unique within its kind. */
    String name();

    T create(Settings settings, C context);

    /** Keys of its settings (relative, e.g. {@code api-key}) whose values are secrets: never logged or echoed. */
    default Set<String> secretKeys() {
        return Set.of();
    }

    static <T extends Component, C> Factory<T, C> of(Kind<T, C> kind, String name, BiFunction<Settings, C, T> create) {
        return of(kind, name, Set.of(), create);
    }

    static <T extends Component, C> Factory<T, C> of(Kind<T, C> kind, String name, Set<String> secrets, BiFunction<Settings, C, T> create) {
        return new Factory<>() {
            @Override
            public Kind<T, C> kind() {
                return kind;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public T create(Settings settings, C context) {
                return create.apply(settings, context);
            }

            @Override
            public Set<String> secretKeys() {
                return secrets;
            }

            @Override
            public String toString() {
                return kind + " '" + name + "'";
            }
        };
    }
}
