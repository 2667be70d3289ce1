/**
 * The plug-in SPI. A plugin is a jar holding one {@link io.spoabouncer.ports.spi.Plugin} implementation,
 * registered in {@code META-INF/services/io.spoabouncer.ports.spi.Plugin}. It is loaded in its own class
 * loader that sees only the JDK and the {@code io.spoabouncer.ports} and {@code io.spoabouncer.domain}
 * packages of the host, so a plugin bundles every other library it uses.
 *
 * <p>A plugin contributes named factories. The host creates components from them when the configuration
 * names them (for a decision source, {@code decisions.sources = [name]}), passing the component's own
 * configuration subtree as {@link io.spoabouncer.ports.spi.Settings}. Components do no I/O until
 * {@link io.spoabouncer.ports.spi.Component#start()}, and are stopped in reverse order.
 *
 * <p>Compatibility: new extension kinds are added as new default methods on {@code Plugin}, so plugins
 * built against an older SPI keep loading. {@link io.spoabouncer.ports.spi.Plugin#SPI_VERSION} is bumped on
 * any incompatible change, and a plugin built for another major version is refused at start.
 */
package io.spoabouncer.ports.spi;
