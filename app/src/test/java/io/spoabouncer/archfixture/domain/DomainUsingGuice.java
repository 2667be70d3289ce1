package io.spoabouncer.archfixture.domain;

/** Breaks "domain is pure", "only app uses Guice", "only app reads Typesafe Config" and the Netty and Micrometer rules. */
public class DomainUsingGuice {
    com.google.inject.Injector injector;
    com.typesafe.config.Config config;
    io.netty.buffer.ByteBuf buffer;
    io.micrometer.core.instrument.Counter counter;
}
