package io.spoabouncer.archfixture.ports;

/** Breaks "ports depend on domain only". */
public interface PortUsingAnAdapter {
    io.spoabouncer.archfixture.adapter.spoe.SpoeThing thing();
}
