package io.spoabouncer.archfixture.adapter.decisions.file;

/** Breaks adaptersAreIndependent: one decision source using another (they are two adapters). */
public final class FileSourceThing {
    public Object other() {
        return new io.spoabouncer.archfixture.adapter.decisions.http.HttpSourceThing();
    }
}
