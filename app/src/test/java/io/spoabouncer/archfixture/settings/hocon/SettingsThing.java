package io.spoabouncer.archfixture.settings.hocon;

/** The other half of MigrateThing's cycle. */
public final class SettingsThing {
    public Object migrate() {
        return new io.spoabouncer.archfixture.migrate.MigrateThing();
    }
}
