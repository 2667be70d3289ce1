package io.spoabouncer.domain.http;

/** What one host pattern asks for: the ban page's contact URL and the captcha settings (or none). */
public record HostPolicy(String pattern, String contactUsUrl, CaptchaPolicy captcha) {
}
