package io.spoabouncer.ports.spi;

/** Keeps a copy of the decisions somewhere else (HAProxy's maps), following every change. */
public interface DecisionMirror extends Component {
}
