package io.filebridge.connector;

import java.net.URI;
import java.time.Duration;

import io.filebridge.secrets.ConfiguredSecrets;

/**
 * The settings every vendor shares, bound under {@code filebridge.vendors.<vendor>.*}. One shape for all vendors so that
 * ops configure retries, concurrency and rate limits the same way everywhere; vendor classes extend it with their own
 * endpoints and credentials.
 */
public abstract class VendorSettings implements ConfiguredSecrets {

    // The field Javadoc is each setting's description in docs/settings.md (generated from the configuration
    // metadata). A vendor's own default for a field of this class is set in its constructor, which the metadata
    // cannot see: META-INF/additional-spring-configuration-metadata.json repeats it, and SettingsReferenceTest checks
    // that the two agree.

    /** Base URL of the vendor API; the defaults are the production URLs. */
    private URI baseUrl; // read it through getBaseUrl(): a vendor may derive it from other settings
    /**
     * Attempts per file, the first one included, before it is failed (the repeat after a token refresh comes on top).
     */
    private int maxAttempts = 5;
    /**
     * Requests in flight at once per credential, across all pipelines. Vendors that share one settings block and one
     * credential (both Phrase products) share it.
     */
    private int concurrency = 4;
    /**
     * Requests allowed per credential within {@code rate-limit-window}, retries included, for all instances on one
     * ledger together (permits are taken in the ledger); 0 means no client-side limit. Vendors that share one
     * settings block and one credential (both Phrase products) share one limit.
     */
    private int requestsPerMinute = 0;
    /**
     * The sliding window that {@code requests-per-minute} counts in, and how long a 429 without {@code Retry-After}
     * waits (half of it to all of it). Only shrink it for tests.
     */
    private Duration rateLimitWindow = Duration.ofMinutes(1);
    /** First retry delay when there is no {@code Retry-After}; it doubles per attempt, with jitter. */
    private Duration initialBackoff = Duration.ofSeconds(1);
    /** Upper bound of the retry delay, the wait after a 429 included. */
    private Duration maxBackoff = Duration.ofSeconds(60);
    /** The longest {@code Retry-After} that is honoured; a vendor asking for more fails the file with that reason. */
    private Duration maxRetryAfter = Duration.ofMinutes(10);

    /** Credential problems, as "what to set" sentences; empty when the vendor is ready to be called. */
    public abstract java.util.List<String> missingCredentials();

    /** Secret values of this vendor, so that they can be masked wherever text leaves the process. */
    @Override
    public abstract java.util.List<String> secrets();

    /** The environment variables that carry this vendor's credentials, named in error-report hints. */
    public abstract java.util.List<String> credentialVariables();

    /** The URL requests go to; a vendor that derives it from other settings (an environment) overrides this. */
    public URI getBaseUrl() { return baseUrl; }
    public void setBaseUrl(URI baseUrl) { this.baseUrl = baseUrl; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = Math.max(1, maxAttempts); }
    public int getConcurrency() { return concurrency; }
    public void setConcurrency(int concurrency) { this.concurrency = Math.max(1, concurrency); }
    public int getRequestsPerMinute() { return requestsPerMinute; }
    public void setRequestsPerMinute(int requestsPerMinute) { this.requestsPerMinute = Math.max(0, requestsPerMinute); }
    public Duration getRateLimitWindow() { return rateLimitWindow; }
    public void setRateLimitWindow(Duration rateLimitWindow) { this.rateLimitWindow = rateLimitWindow; }
    public Duration getInitialBackoff() { return initialBackoff; }
    public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
    public Duration getMaxBackoff() { return maxBackoff; }
    public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
    public Duration getMaxRetryAfter() { return maxRetryAfter; }
    public void setMaxRetryAfter(Duration maxRetryAfter) { this.maxRetryAfter = maxRetryAfter; }

    /**
     * The authenticator built from these settings, which is null when they hold no complete credentials. The
     * pipeline validator keeps routes of an unconfigured vendor from starting, so the exception, naming what to set,
     * is a safety net.
     */
    public Authenticator requireCredentials(Authenticator authenticator) {
        if (authenticator == null) {
            throw new IllegalStateException(String.join("; ", missingCredentials()));
        }
        return authenticator;
    }

    /** True when a setting holds a value: null and blank (an unset {@code ${VARIABLE:}}) both mean unset. */
    public static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    /** The values that are set ({@link #notBlank}), in order: what {@link #secrets()} returns. */
    protected static java.util.List<String> setValues(String... values) {
        return java.util.Arrays.stream(values).filter(VendorSettings::notBlank).toList();
    }

    /** Joins a base URL and a path without doubling or losing the slash between them. */
    public URI resolve(String path) {
        String base = getBaseUrl().toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }

    /** Never prints secrets: subclasses keep this default. */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[baseUrl=" + getBaseUrl() + ", maxAttempts=" + maxAttempts + ", concurrency="
                + concurrency + ", requestsPerMinute=" + requestsPerMinute + "]";
    }
}
