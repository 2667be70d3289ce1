package io.spoabouncer.adapter.httpservices;

import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Plugin;
import java.util.List;

/** Registers the {@code jdk} HTTP services back end (captcha verification, AppSec); settings under {@code http}. */
public final class HttpServicesPlugin implements Plugin {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Factory<?, ?>> factories() {
        return List.of(Factory.of(Kind.HTTP_SERVICES, "jdk", (settings, context) -> new JdkHttpServices(settings)));
    }
}
