package org.senpacs.viewer;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * How launch links and manifests are written.
 *
 * @param wadoUrl the WADO-URI endpoint Weasis downloads instances from (the manifest's arcQuery baseUrl),
 *     e.g. {@code http://pacs:8080/dicom-web/wado}, or a path ({@code /dicom-web/wado}) resolved against {@code publicUrl}
 * @param dicomWebUrl the DICOMweb root for {@code $dicom:rs}, e.g. {@code http://pacs:8080/dicom-web}, or a path
 * @param publicUrl how clients reach this handler (scheme, host, port), e.g. {@code https://pacs.bv.vn};
 *     null: taken from each request's Host header
 * @param tokenKey the HMAC-SHA256 key of manifest tokens (at least 32 bytes)
 * @param tokenLifetime how long a manifest URL stays valid after the launch
 * @param requireToken whether the manifest endpoint refuses requests without a valid token
 * @param maxStudies at most this many studies in one launch or manifest
 */
public record ViewerOptions(String wadoUrl, String dicomWebUrl, String publicUrl, byte[] tokenKey, Duration tokenLifetime,
                            boolean requireToken, int maxStudies) {

    public ViewerOptions {
        Objects.requireNonNull(wadoUrl, "wadoUrl");
        Objects.requireNonNull(dicomWebUrl, "dicomWebUrl");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        if (tokenKey == null || tokenKey.length < 32) throw new IllegalArgumentException("token key needs at least 32 bytes");
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) throw new IllegalArgumentException("token lifetime must be positive");
        if (maxStudies < 1) throw new IllegalArgumentException("maxStudies must be positive");
        tokenKey = tokenKey.clone();
        publicUrl = publicUrl == null ? null : stripSlash(publicUrl);
        wadoUrl = stripSlash(wadoUrl);
        dicomWebUrl = stripSlash(dicomWebUrl);
    }

    /** Tokens required, signed with a random key of this process, valid 5 minutes; at most 200 studies. */
    public static ViewerOptions of(String wadoUrl, String dicomWebUrl) {
        return new ViewerOptions(wadoUrl, dicomWebUrl, null, randomKey(), Duration.ofMinutes(5), true, 200);
    }

    public ViewerOptions withTokenKey(byte[] key) {
        return new ViewerOptions(wadoUrl, dicomWebUrl, publicUrl, key, tokenLifetime, requireToken, maxStudies);
    }

    public ViewerOptions withTokenLifetime(Duration lifetime) {
        return new ViewerOptions(wadoUrl, dicomWebUrl, publicUrl, tokenKey, lifetime, requireToken, maxStudies);
    }

    public ViewerOptions withPublicUrl(String url) {
        return new ViewerOptions(wadoUrl, dicomWebUrl, url, tokenKey, tokenLifetime, requireToken, maxStudies);
    }

    public ViewerOptions withRequireToken(boolean require) {
        return new ViewerOptions(wadoUrl, dicomWebUrl, publicUrl, tokenKey, tokenLifetime, require, maxStudies);
    }

    @Override
    public byte[] tokenKey() {
        return tokenKey.clone();
    }

    @Override
    public String toString() {
        return "ViewerOptions[wadoUrl=" + wadoUrl + ", dicomWebUrl=" + dicomWebUrl + ", publicUrl=" + publicUrl
                + ", tokenLifetime=" + tokenLifetime + ", requireToken=" + requireToken + ", maxStudies=" + maxStudies + "]";
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
