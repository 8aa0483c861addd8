package io.filebridge.sandbox.phrase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.phrase.translation.ActionType;
import io.filebridge.files.AtomicFiles;
import io.filebridge.sandbox.emulator.FileNameMarkers.InjectedFault;
import io.filebridge.sandbox.emulator.FileNameMarkers;
import io.filebridge.sandbox.JsonResponses;
import io.filebridge.sandbox.MultipartFields.Field;
import io.filebridge.sandbox.MultipartFields;
import io.filebridge.sandbox.SandboxConfiguration;
import io.filebridge.sandbox.SandboxProperties;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Emulates Phrase Language AI asynchronous file translations under {@code /sandbox/phrase/smt/api/v1/fileTranslations},
 * next to {@link PhraseEmulatorController} and taking the JWTs its token exchange and login issue:
 * <ul>
 *   <li>{@code POST} (multipart {@code file} + {@code metadata} of Content-Type application/json, a
 *       {@code FileTranslationsMetadataV1} checked by {@link LanguageAiMetadata}): 200 with every result
 *       {@code RUNNING}; 400 with a problem body for bad metadata. File-name fault markers apply
 *       ({@link FileNameMarkers}).</li>
 *   <li>{@code GET .../{uid}}: the job; {@code filebridge.sandbox.phrase.translation-delay} (default 3 s) after the
 *       submit every result is {@code OK}, or {@code ERROR} for a target language {@code xx} named by a
 *       {@code [fail-lang-xx]} marker in the file name.</li>
 *   <li>{@code GET .../{uid}/{actionType}/{language}}: {@code Accept: application/octet-stream} gives the output,
 *       {@code Accept: application/json} for {@code QUALITY_ESTIMATION} gives {@code {"score": n}} (a fixed value
 *       per language). For {@code MT_GENERIC_PRETRANSLATE} and {@code QUALITY_ESTIMATION} a UTF-8 text file of up
 *       to 16 MB comes back with every line prefixed by {@code [xx] }; any other file (binary, or larger) and the
 *       import actions return the stored bytes unchanged.</li>
 * </ul>
 * With a {@code callbackUrl} the final response is POSTed there when the job finishes. Files are kept on disk, not
 * in memory, until {@code translation-ttl} (24 h) passes or the job is expired through
 * {@code DELETE /sandbox/phrase/translations/{uid}}; {@code GET /sandbox/phrase/translations} lists the jobs. With
 * {@code filebridge.sandbox.phrase.storage-dir} set (the sandbox profile sets it under the data dir) each job is
 * also described in {@code <uid>.job.json} beside its file and read back at start, so a job submitted before a
 * restart of filebridge is still there after it, as at Phrase: the sandbox shows filebridge resuming its jobs
 * instead of failing them with "unknown job". Every Language AI answer carries {@code Memsource-Action-Id}.
 */
@RestController
@Profile(SandboxConfiguration.PROFILE)
@RequestMapping(PhraseEmulatorController.BASE_PATH)
public class LanguageAiEmulatorController {

    static final String FILE_TRANSLATIONS = "/smt/api/v1/fileTranslations";
    private static final Pattern FAIL_LANGUAGE =
            Pattern.compile("\\[fail-lang-([a-z]{2}(?:_(?:[a-z]{2}|[0-9]{3}))?)]", Pattern.CASE_INSENSITIVE);
    private static final Pattern LINE_START = Pattern.compile("(?m)^");
    private static final long TEXT_LIMIT = 16L * 1024 * 1024;
    private static final String JOB_SUFFIX = ".job.json";
    private static final Logger log = LoggerFactory.getLogger(LanguageAiEmulatorController.class);
    private static final String UID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final PhraseEmulatorController phrase;
    private final SandboxProperties.Phrase settings;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();
    private final FileNameMarkers faults = new FileNameMarkers();
    private final WebhookSender callbacks = new WebhookSender();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Path storage;
    /** True when jobs outlive this emulator (a configured storage dir), false for a throw-away temp folder. */
    private final boolean durable;

    public LanguageAiEmulatorController(PhraseEmulatorController phrase, SandboxProperties properties,
            ObjectMapper json) throws IOException {
        this.phrase = phrase;
        this.settings = properties.getPhrase();
        this.json = json;
        this.durable = !settings.getStorageDir().isBlank();
        this.storage = durable ? Files.createDirectories(Path.of(settings.getStorageDir()))
                : Files.createTempDirectory("filebridge-sandbox-phrase-language-ai-");
        if (durable) {
            loadStoredJobs();
        }
    }

    /** Jobs described in the storage folder by an earlier run; a job whose callback was still due gets it later. */
    private void loadStoredJobs() throws IOException {
        Instant now = clock.instant();
        try (var described = Files.newDirectoryStream(storage, "*" + JOB_SUFFIX)) {
            for (Path descriptor : described) {
                Job job;
                try {
                    job = Job.read(this, json.readTree(descriptor.toFile()), storage);
                } catch (IOException | RuntimeException e) {
                    log.warn("Sandbox Language AI: ignoring the unreadable job description {} ({})", descriptor,
                            e.getMessage());
                    continue;
                }
                if (!Files.exists(job.file)) {
                    Files.deleteIfExists(descriptor);
                    continue;
                }
                jobs.put(job.uid, job);
                if (job.callbackUrl != null && now.isBefore(job.readyAt)) {
                    scheduleCallback(job, Duration.between(now, job.readyAt));
                }
            }
        }
        purgeExpired();
        if (!jobs.isEmpty()) {
            log.info("Sandbox Language AI: {} job(s) kept from an earlier run in {}", jobs.size(), storage);
        }
    }

    private void scheduleCallback(Job job, Duration delay) {
        job.callback = "pending";
        callbacks.postLater(job.callbackUrl, write(job.response(job.readyAt)), delay,
                outcome -> job.callback = outcome);
    }

    @PostMapping(FILE_TRANSLATIONS)
    public ResponseEntity<Object> submit(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request) throws IOException {
        purgeExpired();
        String actionId = UUID.randomUUID().toString();
        Optional<String> caller = phrase.callerOf(authorization);
        if (caller.isEmpty()) {
            return withActionId(PhraseEmulatorErrors.unauthorized("A valid Bearer JWT from /idm/oauth/token or"
                    + " /smt/api/v1/auth/login is required."), actionId);
        }
        Field file = MultipartFields.lookup(request, "file");
        if (file.kind() != MultipartFields.Kind.FILE) {
            return badRequest(file.kind() == MultipartFields.Kind.MISSING ? "Required part 'file' is not present."
                    : "Part 'file' must be a file.", actionId);
        }
        Optional<InjectedFault> fault = faults.faultFor(file.file().getOriginalFilename());
        if (fault.isPresent()) {
            return withActionId(PhraseEmulatorErrors.injected(fault.get()), actionId);
        }
        if (file.file().getSize() > settings.getMaxFileSize().toBytes()) {
            return withActionId(PhraseEmulatorErrors.tooLarge(), actionId);
        }
        Part metadataPart = metadataPart(request);
        if (metadataPart == null) {
            return badRequest("Required part 'metadata' is not present.", actionId);
        }
        if (!isJson(metadataPart.getContentType())) {
            return badRequest("Part 'metadata' must have Content-Type application/json, not "
                    + metadataPart.getContentType() + ".", actionId);
        }
        JsonNode metadata;
        try (InputStream in = metadataPart.getInputStream()) {
            metadata = json.readTree(in);
        } catch (JsonProcessingException e) {
            return badRequest("Part 'metadata' is not valid JSON.", actionId);
        }
        List<String> problems = LanguageAiMetadata.problems(metadata);
        if (!problems.isEmpty()) {
            return badRequest(String.join(" ", problems), actionId);
        }
        String uid = newUid();
        Path stored = storage.resolve(uid);
        try (InputStream in = file.file().getInputStream()) {
            Files.copy(in, stored);
        }
        Instant now = clock.instant();
        Job job = new Job(uid, file.file().getOriginalFilename(),
                Optional.ofNullable(file.file().getContentType()).orElse("application/octet-stream"),
                Files.size(stored), metadata, caller.get(), now, now.plus(settings.getTranslationDelay()),
                now.plus(settings.getTranslationTtl()), stored, isText(stored), failingLanguages(file.file()
                        .getOriginalFilename()), LanguageAiMetadata.callbackUrl(metadata).orElse(null));
        if (durable) {
            AtomicFiles.write(descriptorOf(uid), json.writeValueAsBytes(job.described()));
        }
        jobs.put(uid, job);
        if (job.callbackUrl != null) {
            scheduleCallback(job, settings.getTranslationDelay());
        }
        return JsonResponses.json(200, job.response(now), actionIdHeader(actionId));
    }

    @GetMapping(FILE_TRANSLATIONS + "/{uid}")
    public ResponseEntity<Object> status(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String uid) {
        purgeExpired();
        String actionId = UUID.randomUUID().toString();
        if (phrase.callerOf(authorization).isEmpty()) {
            return withActionId(PhraseEmulatorErrors.unauthorized("A valid Bearer JWT is required."), actionId);
        }
        Job job = jobs.get(uid);
        if (job == null) {
            return notFound("No file translations with uid " + uid + " (unknown or expired).", actionId);
        }
        return JsonResponses.json(200, job.response(clock.instant()), actionIdHeader(actionId));
    }

    @GetMapping(FILE_TRANSLATIONS + "/{uid}/{actionType}/{language}")
    public ResponseEntity<?> download(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @PathVariable String uid, @PathVariable String actionType, @PathVariable String language)
            throws IOException {
        purgeExpired();
        String actionId = UUID.randomUUID().toString();
        if (phrase.callerOf(authorization).isEmpty()) {
            return withActionId(PhraseEmulatorErrors.unauthorized("A valid Bearer JWT is required."), actionId);
        }
        ActionType action;
        try {
            action = ActionType.valueOf(actionType);
        } catch (IllegalArgumentException e) {
            return badRequest("Unknown actionType " + actionType + ".", actionId);
        }
        Optional<MediaType> wanted = servedType(accept);
        if (wanted.isEmpty()) {
            return badRequest("The Accept header is required: application/octet-stream for the file, or"
                    + " application/json for a QUALITY_ESTIMATION score.", actionId);
        }
        boolean score = wanted.get().equals(MediaType.APPLICATION_JSON);
        if (score && action != ActionType.QUALITY_ESTIMATION) {
            return badRequest("Accept application/json is only for QUALITY_ESTIMATION.", actionId);
        }
        Job job = jobs.get(uid);
        if (job == null) {
            return notFound("No file translations with uid " + uid + " (unknown or expired).", actionId);
        }
        if (!job.actions.contains(action.name()) || !job.targets.contains(language)) {
            return notFound("The job has no " + action + " result for " + language + ".", actionId);
        }
        String status = job.status(language, clock.instant());
        if (!status.equals("OK")) {
            return notFound("The " + action + " result for " + language + " is " + status + ".", actionId);
        }
        if (score) {
            return JsonResponses.json(200, Map.of("score", score(language)), actionIdHeader(actionId));
        }
        HttpHeaders headers = actionIdHeader(actionId);
        headers.setContentDisposition(ContentDisposition.attachment().filename(job.name, StandardCharsets.UTF_8)
                .build());
        Resource body = translates(action) && job.text
                ? new ByteArrayResource(translate(Files.readString(job.file, StandardCharsets.UTF_8), language)
                        .getBytes(StandardCharsets.UTF_8))
                : new FileSystemResource(job.file);
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_OCTET_STREAM).body(body);
    }

    /** Jobs newest first, with their results as they stand now. */
    @GetMapping("/translations")
    public List<Map<String, Object>> translations() {
        purgeExpired();
        Instant now = clock.instant();
        return jobs.values().stream()
                .sorted(Comparator.comparing((Job job) -> job.submittedAt).reversed())
                .map(job -> job.summary(now))
                .toList();
    }

    /** Expires a job before its TTL: it is forgotten and its file deleted. */
    @DeleteMapping("/translations/{uid}")
    public ResponseEntity<Object> expire(@PathVariable String uid) {
        Job job = jobs.remove(uid);
        if (job == null) {
            return PhraseEmulatorErrors.problem(404, "Not Found", "No file translations with uid " + uid + ".");
        }
        delete(job);
        return ResponseEntity.noContent().build();
    }

    /** Forgets jobs (deleting their files) and used one-shot markers; for tests and fresh demos. */
    public void reset() {
        jobs.values().forEach(this::delete);
        jobs.clear();
        faults.reset();
    }

    /** Where stored files live (one file per job, named by its uid). */
    Path storage() {
        return storage;
    }

    @PreDestroy
    void stop() {
        callbacks.close();
        jobs.clear();
        if (durable) {
            return; // kept for the next start, as Phrase keeps jobs while filebridge restarts
        }
        try {
            FileSystemUtils.deleteRecursively(storage);
        } catch (IOException e) {
            // the JVM temp folder is cleaned up by the system eventually
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A deterministic "translation": every line, including the first, gets {@code [language] } in front. */
    static String translate(String text, String language) {
        return text.isEmpty() ? text : LINE_START.matcher(text).replaceAll(Matcher.quoteReplacement(
                "[" + language + "] "));
    }

    /** A fixed QE score per language, between 0.50 and 0.99. */
    static double score(String language) {
        return 0.5 + Math.floorMod(language.hashCode(), 50) / 100.0;
    }

    private static boolean translates(ActionType action) {
        return action == ActionType.MT_GENERIC_PRETRANSLATE || action == ActionType.QUALITY_ESTIMATION;
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        jobs.values().removeIf(job -> {
            if (now.isBefore(job.expiresAt)) {
                return false;
            }
            delete(job);
            return true;
        });
    }

    private void delete(Job job) {
        try {
            Files.deleteIfExists(job.file);
            Files.deleteIfExists(descriptorOf(job.uid));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + job.file, e);
        }
    }

    private Path descriptorOf(String uid) {
        return storage.resolve(uid + JOB_SUFFIX);
    }

    private static Part metadataPart(HttpServletRequest request) throws IOException {
        try {
            return request.getContentType() != null && request.getContentType().toLowerCase(Locale.ROOT)
                    .startsWith("multipart/") ? request.getPart("metadata") : null;
        } catch (ServletException e) {
            return null;
        }
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null && MediaType.parseMediaType(contentType)
                    .equalsTypeAndSubtype(MediaType.APPLICATION_JSON);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The one of the two served types the Accept header names explicitly (octet-stream wins when both are). */
    private static Optional<MediaType> servedType(String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.empty();
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.stream().filter(type -> type.equalsTypeAndSubtype(MediaType.APPLICATION_OCTET_STREAM))
                    .findFirst().map(type -> MediaType.APPLICATION_OCTET_STREAM)
                    .or(() -> types.stream().filter(type -> type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON))
                            .findFirst().map(type -> MediaType.APPLICATION_JSON));
        } catch (InvalidMediaTypeException e) {
            return Optional.empty();
        }
    }

    /** UTF-8 text without NUL bytes, small enough to transform in memory. */
    private static boolean isText(Path file) throws IOException {
        if (Files.size(file) > TEXT_LIMIT) {
            return false;
        }
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Set<String> failingLanguages(String fileName) {
        Matcher marker = FAIL_LANGUAGE.matcher(fileName == null ? "" : fileName);
        Set<String> languages = new java.util.HashSet<>();
        while (marker.find()) {
            languages.add(marker.group(1).toLowerCase(Locale.ROOT));
        }
        return languages;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and JSON nodes always serialize", e);
        }
    }

    private String newUid() {
        StringBuilder uid = new StringBuilder(22);
        for (int i = 0; i < 22; i++) {
            uid.append(UID_ALPHABET.charAt(random.nextInt(UID_ALPHABET.length())));
        }
        return uid.toString();
    }

    private static HttpHeaders actionIdHeader(String actionId) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Memsource-Action-Id", actionId);
        return headers;
    }

    private static ResponseEntity<Object> badRequest(String detail, String actionId) {
        return PhraseEmulatorErrors.problem(400, "Bad Request", detail, actionIdHeader(actionId));
    }

    private static ResponseEntity<Object> notFound(String detail, String actionId) {
        return PhraseEmulatorErrors.problem(404, "Not Found", detail, actionIdHeader(actionId));
    }

    private static ResponseEntity<Object> withActionId(ResponseEntity<Object> answer, String actionId) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(answer.getHeaders());
        headers.set("Memsource-Action-Id", actionId);
        return ResponseEntity.status(answer.getStatusCode()).headers(headers).body(answer.getBody());
    }

    /** One accepted file translation; its results are computed from the clock, the file lives on disk. */
    private final class Job {

        final String uid;
        final String name;
        final String contentType;
        final long size;
        final JsonNode metadata;
        final String caller;
        final Instant submittedAt;
        final Instant readyAt;
        final Instant expiresAt;
        final Path file;
        final boolean text;
        final Set<String> failing;
        final URI callbackUrl;
        final String sourceLang;
        final List<String> targets = new ArrayList<>();
        final List<String> actions = new ArrayList<>();
        /** Result ids by "actionType/language". */
        final Map<String, String> resultIds = new LinkedHashMap<>();
        volatile String callback = "none";

        Job(String uid, String name, String contentType, long size, JsonNode metadata, String caller,
                Instant submittedAt, Instant readyAt, Instant expiresAt, Path file, boolean text, Set<String> failing,
                URI callbackUrl) {
            this(uid, name, contentType, size, metadata, caller, submittedAt, readyAt, expiresAt, file, text, failing,
                    callbackUrl, Map.of());
        }

        Job(String uid, String name, String contentType, long size, JsonNode metadata, String caller,
                Instant submittedAt, Instant readyAt, Instant expiresAt, Path file, boolean text, Set<String> failing,
                URI callbackUrl, Map<String, String> knownResultIds) {
            this.uid = uid;
            this.name = name;
            this.contentType = contentType;
            this.size = size;
            this.metadata = metadata;
            this.caller = caller;
            this.submittedAt = submittedAt;
            this.readyAt = readyAt;
            this.expiresAt = expiresAt;
            this.file = file;
            this.text = text;
            this.failing = failing;
            this.callbackUrl = callbackUrl;
            this.sourceLang = metadata.path("sourceLang").path("code").asText();
            metadata.get("targetLangs").forEach(target -> targets.add(target.get("code").asText()));
            metadata.get("actionTypes").forEach(action -> actions.add(action.asText()));
            for (String action : actions) {
                for (String target : targets) {
                    String key = action + "/" + target;
                    resultIds.put(key, knownResultIds.getOrDefault(key, newUid()));
                }
            }
        }

        /** What {@link #read} needs to bring the job back after a restart (the file lives beside it). */
        Map<String, Object> described() {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("uid", uid);
            described.put("name", name);
            described.put("contentType", contentType);
            described.put("size", size);
            described.put("metadata", metadata);
            described.put("caller", caller);
            described.put("submittedAt", submittedAt.toString());
            described.put("readyAt", readyAt.toString());
            described.put("expiresAt", expiresAt.toString());
            described.put("text", text);
            described.put("failing", failing);
            described.put("callbackUrl", callbackUrl == null ? null : callbackUrl.toString());
            described.put("resultIds", resultIds);
            return described;
        }

        static Job read(LanguageAiEmulatorController emulator, JsonNode described, Path storage) {
            String uid = described.get("uid").asText();
            if (!uid.chars().allMatch(c -> UID_ALPHABET.indexOf(c) >= 0)) {
                throw new IllegalArgumentException("not a job uid: " + uid);
            }
            Set<String> failing = new java.util.HashSet<>();
            described.path("failing").forEach(language -> failing.add(language.asText()));
            Map<String, String> resultIds = new LinkedHashMap<>();
            described.path("resultIds").properties().forEach(id -> resultIds.put(id.getKey(), id.getValue().asText()));
            JsonNode callback = described.path("callbackUrl");
            return emulator.new Job(uid, described.path("name").asText(), described.path("contentType").asText(),
                    described.path("size").asLong(), described.get("metadata"), described.path("caller").asText(),
                    Instant.parse(described.get("submittedAt").asText()),
                    Instant.parse(described.get("readyAt").asText()),
                    Instant.parse(described.get("expiresAt").asText()), storage.resolve(uid),
                    described.path("text").asBoolean(), failing,
                    callback.isTextual() ? URI.create(callback.asText()) : null, resultIds);
        }

        String status(String language, Instant now) {
            return now.isBefore(readyAt) ? "RUNNING" : failing.contains(language) ? "ERROR" : "OK";
        }

        /** {@code FileTranslationsResponseV1} as it stands at {@code now}. */
        Map<String, Object> response(Instant now) {
            List<Map<String, Object>> actionList = new ArrayList<>();
            for (String action : actions) {
                List<Map<String, Object>> results = new ArrayList<>();
                for (String target : targets) {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("id", resultIds.get(action + "/" + target));
                    result.put("sourceLang", sourceLang);
                    result.put("targetLang", target);
                    result.put("status", status(target, now));
                    results.add(result);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("actionType", action);
                entry.put("results", results);
                actionList.add(entry);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("uid", uid);
            body.put("actions", actionList);
            body.put("metadata", metadata);
            return body;
        }

        Map<String, Object> summary(Instant now) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("uid", uid);
            summary.put("name", name);
            summary.put("size", size);
            summary.put("contentType", contentType);
            summary.put("text", text);
            summary.put("sourceLang", sourceLang);
            summary.put("targetLangs", targets);
            summary.put("actionTypes", actions);
            summary.put("status", now.isBefore(readyAt) ? "RUNNING" : "FINISHED");
            summary.put("results", resultIds.keySet().stream().collect(Collectors.toMap(key -> key,
                    key -> status(key.substring(key.indexOf('/') + 1), now), (a, b) -> a, LinkedHashMap::new)));
            summary.put("callbackUrl", callbackUrl == null ? null : callbackUrl.toString());
            summary.put("callback", callback);
            summary.put("auth", caller);
            summary.put("submittedAt", submittedAt.toString());
            summary.put("readyAt", readyAt.toString());
            summary.put("expiresAt", expiresAt.toString());
            return summary;
        }
    }
}
