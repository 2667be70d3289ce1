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
 * <p>Kinds: a component kind is a {@link io.spoabouncer.ports.spi.Kind} constant (decision source,
 * transport, metrics, geo, HTTP services, challenge listener, decision mirror), each with the context the
 * host hands its components and the configuration key that selects one. A plugin contributes a kind by
 * returning a {@link io.spoabouncer.ports.spi.Factory} of it from {@code factories()}: nothing else changes
 * in {@code Plugin}. A new kind is a new constant here and a place in the host's wiring.
 *
 * <p>Compatibility: {@link io.spoabouncer.ports.spi.Plugin#SPI_VERSION} is bumped on any incompatible
 * change; a plugin implements {@code spiVersion()} as {@code return SPI_VERSION;}, so javac copies the
 * version it was built against into it, and a plugin built for another version is refused at start with
 * a message naming both versions. A plugin of the first SPI (where {@code spiVersion()} was a default
 * method it did not implement) is named as version 1 the same way.
 */
package io.spoabouncer.ports.spi;
