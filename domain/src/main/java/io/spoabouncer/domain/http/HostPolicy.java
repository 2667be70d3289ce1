package io.spoabouncer.domain.http;

/**
 * What one host pattern asks for: the ban page's contact URL, the captcha settings and the AppSec settings
 * (null when the host has none: the global AppSec settings, if any, apply).
 */
public record HostPolicy(String pattern, String contactUsUrl, CaptchaPolicy captcha, AppSecPolicy appsec) {
    public HostPolicy(String pattern, String contactUsUrl, CaptchaPolicy captcha) {
        this(pattern, contactUsUrl, captcha, null);
    }
}
