package io.spoabouncer.adapter.httpservices;

import io.spoabouncer.ports.out.AppSecClient;
import io.spoabouncer.ports.out.CaptchaVerifier;
import io.spoabouncer.ports.spi.HttpServices;
import io.spoabouncer.ports.spi.Settings;

/** Captcha verification and AppSec over the JDK's HTTP client. */
final class JdkHttpServices implements HttpServices {
    private final HttpCaptchaVerifier captcha = new HttpCaptchaVerifier();
    private final HttpAppSecClient appsec;

    JdkHttpServices(Settings http) {
        int maxConcurrent = http.child("appsec").integer("max-concurrent");
        if (maxConcurrent < 1) {
            throw http.invalid("appsec.max-concurrent", maxConcurrent + " (expected: >= 1)");
        }
        this.appsec = new HttpAppSecClient(maxConcurrent);
    }

    @Override
    public CaptchaVerifier captchaVerifier() {
        return captcha;
    }

    @Override
    public AppSecClient appSecClient() {
        return appsec;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public String describe() {
        return "outbound HTTP (captcha verification, AppSec)";
    }
}
