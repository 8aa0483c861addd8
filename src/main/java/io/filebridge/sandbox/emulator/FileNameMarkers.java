package io.filebridge.sandbox.emulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fault injection for demos and dry runs: a marker in the uploaded file's name makes an emulator answer with an
 * error instead of accepting the file. Markers (case-insensitive, anywhere in the name, first one wins):
 * <ul>
 *   <li>{@code [fail-400]}, {@code [fail-401]}, {@code [fail-413]}, {@code [fail-422]}, {@code [fail-500]}: always
 *       that status, with the vendor's error body;</li>
 *   <li>{@code [flaky-503]}: 503 on the first upload of that file name, then success;</li>
 *   <li>{@code [rate-429]}: 429 with {@code Retry-After: 2} on the first upload of that file name, then success.</li>
 * </ul>
 * Example: {@code invoice[flaky-503].pdf} shows filebridge retrying a transient failure. Each emulator owns one
 * injector, so "first upload" is counted per vendor, from the start of the application (or the last reset).
 * {@link EmulatorServer#serveFileNameMarkers()} turns a marker into a {@link ScriptedFault.Respond} with the vendor's
 * error body, the path a test's scripted fault takes.
 */
public final class FileNameMarkers {

    private static final Pattern MARKER =
            Pattern.compile("\\[(fail-(?:400|401|413|422|500)|flaky-503|rate-429)]", Pattern.CASE_INSENSITIVE);
    private static final Duration RATE_LIMIT_RETRY_AFTER = Duration.ofSeconds(2);

    private final Set<String> namesAlreadyFaulted = ConcurrentHashMap.newKeySet();

    /** The fault to answer for an upload of this file name, if any; one-shot markers are used up by this call. */
    public Optional<InjectedFault> faultFor(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        Matcher marker = MARKER.matcher(fileName);
        if (!marker.find()) {
            return Optional.empty();
        }
        String kind = marker.group(1).toLowerCase(Locale.ROOT);
        if (kind.startsWith("fail-")) {
            return Optional.of(new InjectedFault(Integer.parseInt(kind.substring(5)), Optional.empty()));
        }
        if (!namesAlreadyFaulted.add(fileName)) {
            return Optional.empty();
        }
        return Optional.of(kind.equals("rate-429")
                ? new InjectedFault(429, Optional.of(RATE_LIMIT_RETRY_AFTER))
                : new InjectedFault(503, Optional.empty()));
    }

    /** Forgets which one-shot markers were used, so the next upload of such a name fails again. */
    public void reset() {
        namesAlreadyFaulted.clear();
    }

    /** An HTTP status to answer with, and the {@code Retry-After} to send with it, if any. */
    public record InjectedFault(int status, Optional<Duration> retryAfter) {
    }
}
