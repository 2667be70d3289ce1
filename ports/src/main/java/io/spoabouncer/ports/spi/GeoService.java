package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.out.GeoLocator;

/** A geo locator with a life (databases opened at start, reloaded, closed at stop). */
public interface GeoService extends GeoLocator, Component {
}
