package io.spoabouncer.archfixture.adapter.decisions.http;

/** The other side of FileSourceThing's dependency. */
public final class HttpSourceThing {
}
