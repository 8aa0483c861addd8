package io.filebridge.callback;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.phrase.translation.LanguageAiClient;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.JobLedger;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.OutcomeLog;
import io.filebridge.secrets.SecretRedactor;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /callbacks/{vendor}/{token}}: a vendor's webhook for one file (Phrase Connectors: the {@code X-Webhook}
 * URL). A known token records the arrival as a {@link Ledger#CALLBACK} event on the file's row, with a short redacted
 * summary of the body, and answers 200. Anything else (unknown or malformed token, a token of another vendor)
 * answers 404 and changes nothing. Callbacks are unauthenticated by the vendors, so they are hints only: nothing
 * here changes a file's state.
 */
@RestController
@RequestMapping(CallbackUrls.PATH)
public class CallbackController {

    private static final Logger log = LoggerFactory.getLogger(CallbackController.class);

    /** Read at most this much of a body; the rest is not looked at. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern VENDOR = Pattern.compile("[a-z0-9-]{1,50}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22,128}");

    /** Callback paths whose name differs from the ledger's vendor id: Language AI calls back at /callbacks/phrase. */
    private static final Map<String, String> LEDGER_VENDOR = Map.of("phrase", LanguageAiClient.VENDOR);

    private final Ledger ledger;
    private final JobLedger jobs;
    private final Clock clock;
    private final CallbackSummary summary;

    public CallbackController(Ledger ledger, JobLedger jobs, Clock clock,
            ObjectMapper json, SecretRedactor redactor) {
        this.ledger = ledger;
        this.jobs = jobs;
        this.clock = clock;
        this.summary = new CallbackSummary(json, redactor);
    }

    @PostMapping("/{vendor}/{token}")
    public ResponseEntity<Map<String, Object>> callback(@PathVariable String vendor, @PathVariable String token,
            HttpServletRequest request) throws IOException {
        Optional<FileEntry> file = VENDOR.matcher(vendor).matches() && TOKEN.matcher(token).matches()
                ? ledger.findByCallbackToken(LEDGER_VENDOR.getOrDefault(vendor, vendor), token) : Optional.empty();
        if (file.isEmpty()) {
            log.warn("Callback for vendor '{}' with an unknown token from {} refused (404)", vendor,
                    request.getRemoteAddr());
            return ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", "unknown callback"));
        }
        byte[] head;
        try (InputStream in = request.getInputStream()) {
            head = in.readNBytes(MAX_BODY_BYTES); // the rest, if any, is left to the server to discard
        }
        long declared = request.getContentLengthLong();
        String size = declared >= 0 ? Long.toString(declared)
                : head.length + (head.length == MAX_BODY_BYTES ? "+" : "");
        String detail = summary.summarize(request.getContentType(), head, size, token);
        ledger.recordCallback(file.get().id(), detail);
        // only a hint: a job's status is re-read from the vendor at its next look, which this brings forward
        jobs.pollSoon(file.get().id(), clock.instant());
        log.info("Callback recorded: pipeline={} file=\"{}\" vendor={} ledgerId={} bytes={}", file.get().pipeline(),
                OutcomeLog.quoted(file.get().relativePath()), vendor, file.get().id(), size);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("status", "recorded"));
    }
}
