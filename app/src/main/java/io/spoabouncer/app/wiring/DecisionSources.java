package io.spoabouncer.app.wiring;

import io.spoabouncer.ports.spi.DecisionSource;
import java.util.List;

/** The decision sources the config names, created and not yet started, in config order. */
public record DecisionSources(List<Components.Created<DecisionSource>> created) {
    public List<DecisionSource> all() {
        return created.stream().map(Components.Created::component).toList();
    }
}
