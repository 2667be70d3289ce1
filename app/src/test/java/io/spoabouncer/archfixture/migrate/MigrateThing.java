package io.spoabouncer.archfixture.migrate;

/** Breaks modulesAreFreeOfCycles with SettingsThing: two modules using each other. */
public final class MigrateThing {
    public Object settings() {
        return new io.spoabouncer.archfixture.settings.hocon.SettingsThing();
    }
}
