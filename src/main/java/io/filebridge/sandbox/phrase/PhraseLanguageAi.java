package io.filebridge.sandbox.phrase;

import static io.filebridge.sandbox.emulator.UploadChecks.json;
import static io.filebridge.sandbox.emulator.UploadChecks.quoted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.filebridge.sandbox.emulator.EmulatorRequest;
import io.filebridge.sandbox.emulator.EmulatorResponse;
import io.filebridge.sandbox.emulator.HeaderValue;
import io.filebridge.sandbox.emulator.MultipartFormatException;
import io.filebridge.sandbox.emulator.MultipartPart;
import io.filebridge.sandbox.emulator.Records;
import io.filebridge.sandbox.emulator.UploadChecks;
import io.filebridge.sandbox.phrase.PhraseEmulator.AuthKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phrase Language AI asynchronous file translations as the {@link PhraseEmulator} plays them, checked by hand
 * against the published OpenAPI (and independent of filebridge's own Phrase classes, so it can catch their mistakes):
 * <ul>
 *   <li>{@code POST /smt/api/v1/fileTranslations}: Bearer token of the server; multipart with exactly a part
 *       {@code file} (with a file name and Content-Type application/octet-stream, which is also what no
 *       Content-Type counts as) and a part
 *       {@code metadata} of Content-Type application/json holding a valid {@code FileTranslationsMetadataV1} (see
 *       {@link #metadataProblems(JsonNode)}). 200 with a {@code FileTranslationsResponseV1} whose results are all
 *       {@code RUNNING}. File-name markers and the size limit of the server apply to the file.</li>
 *   <li>{@code GET .../{uid}}: the job's current {@code FileTranslationsResponseV1}; 404 for an unknown uid.</li>
 *   <li>{@code GET .../{uid}/{actionType}/{language}}: with {@code Accept: application/octet-stream} the output
 *       file ({@link #expectedOutput}: for {@code MT_GENERIC_PRETRANSLATE} and {@code QUALITY_ESTIMATION} a UTF-8
 *       text of up to 16 MB with every line prefixed by {@code [xx] }, anything else unchanged); with
 *       {@code Accept: application/json} for {@code QUALITY_ESTIMATION} {@code {"score": }{@link #expectedScore}
 *       {@code }}; 404 (and a violation) while that result is not OK.</li>
 * </ul>
 * Results stay {@code RUNNING} until the test completes them ({@link #completeJob}, {@link #completeResult}), a
 * job has been polled {@link #completeAfterPolls N times}, or (the sandbox) {@link #completeAfter a delay} has passed
 * since the submit. When no result is {@code RUNNING} any more the job is finished and, if its metadata has a
 * {@code callbackUrl}, the response body is POSTed there once (unless {@link #suppressCallbacks() suppressed}).
 * Every answer carries {@code Memsource-Action-Id}. Contract breaches are violations of the server and answered
 * 400 with a problem body; scripted faults apply to all three routes.
 *
 * <p>Files are kept on disk, one per job named by its uid, in a temp folder removed at {@link #close()}, or in
 * {@link #storeJobsIn a folder of the caller's}, where each job is also described in {@code <uid>.job.json} and read
 * back at start: a job submitted before a restart of the sandbox is still there after it, as at Phrase. With
 * {@link #keepJobsFor a TTL} (Phrase: "File TTL is limited to 24 hours") jobs and files go away once it passed.
 */
public final class PhraseLanguageAi implements AutoCloseable {

    public static final String FILE_TRANSLATIONS_PATH = "/smt/api/v1/fileTranslations";
    public static final List<String> ACTION_TYPES =
            List.of("CONVERTER_IMPORT", "FILE_IMPORT", "MT_GENERIC_PRETRANSLATE", "QUALITY_ESTIMATION");
    /** ISO 639-1 lower case, optionally {@code _} and an ISO 3166-1 alpha-2 (lower case) or UN M.49 region. */
    public static final Pattern LANGUAGE_CODE = Pattern.compile("^[a-z]{2}(_([a-z]{2}|[0-9]{3}))?$");
    private static final Set<String> METADATA_FIELDS = Set.of("sourceLang", "targetLangs", "actionTypes",
            "callbackUrl", "mtSettings", "transMemoriesConfig");
    private static final Pattern FAIL_LANGUAGE =
            Pattern.compile("\\[fail-lang-([a-z]{2}(?:_(?:[a-z]{2}|[0-9]{3}))?)]", Pattern.CASE_INSENSITIVE);
    private static final Pattern LINE_START = Pattern.compile("(?m)^");
    private static final long TEXT_LIMIT = 16L * 1024 * 1024;
    private static final String JOB_SUFFIX = ".job.json";
    private static final String UID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(PhraseLanguageAi.class);

    /** {@code ActionStatusEnumV1}. */
    public enum Status { RUNNING, OK, ERROR }

    /** Checks the request's Bearer token; see {@code PhraseEmulator#authenticate}. */
    @FunctionalInterface
    interface Authenticator {
        Optional<AuthKind> authenticate(EmulatorRequest request, String what);
    }

    /** Sends a callback and reports how it went ("delivered HTTP <status>" or "failed: <reason>"). */
    @FunctionalInterface
    interface Poster {
        void post(String url, String body, java.util.function.Consumer<String> outcome);
    }

    /** A download answered 200 ({@code accept} is the media type served: octet-stream or json). */
    public record Download(String uid, String actionType, String language, String accept, Instant at) {
    }

    /** A callback POST; {@code status} is the receiver's HTTP status, -1 when it could not be delivered. */
    public record Callback(String uid, String url, String body, int status, String failure, Instant at) {
    }

    private final Authenticator authenticator;
    private final ScheduledExecutorService later;
    private final Poster poster;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<Job> submitted = new CopyOnWriteArrayList<>();
    private volatile Records<Download> downloads = Records.unbounded();
    private volatile Records<Callback> callbacks = Records.unbounded();
    private final Set<String> failingLanguages = ConcurrentHashMap.newKeySet();
    private volatile int completeAfterPolls;
    private volatile boolean callbacksSuppressed;
    /** Null: jobs complete only as scripted. */
    private volatile Duration completeAfter;
    /** Null: jobs are kept as long as the emulator runs. */
    private volatile Duration ttl;
    private volatile boolean failLanguageMarkers;
    private volatile Path storage;
    /** True when jobs outlive this emulator (a folder of the caller's), false for a throw-away temp folder. */
    private volatile boolean durable;

    PhraseLanguageAi(Authenticator authenticator, ScheduledExecutorService later, Poster poster) {
        this.authenticator = authenticator;
        this.later = later;
        this.poster = poster;
        try {
            this.storage = Files.createTempDirectory("filebridge-phrase-language-ai-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for Language AI files", e);
        }
    }

    // ---- settings ------------------------------------------------------------------------------------------------

    /**
     * Keeps files and job descriptions in {@code folder} (created if need be) instead of a temp folder, and takes up
     * the jobs an earlier emulator left there: the sandbox's jobs survive a restart of filebridge. A restored job
     * whose completion is still due completes (and calls back) when it is; scripted results are not kept.
     */
    public PhraseLanguageAi storeJobsIn(Path folder) {
        try {
            Files.createDirectories(folder);
            deleteFolder(storage);
            storage = folder;
            durable = true;
            loadStoredJobs();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep Language AI jobs in " + folder, e);
        }
        return this;
    }

    /** Jobs complete by themselves this long after their submit (the sandbox; 0: at once); null: only as scripted. */
    public PhraseLanguageAi completeAfter(Duration delay) {
        this.completeAfter = delay;
        return this;
    }

    /** Jobs and their files are forgotten this long after their submit; null (default): kept. */
    public PhraseLanguageAi keepJobsFor(Duration timeToLive) {
        this.ttl = timeToLive;
        return this;
    }

    /** Keeps only the newest {@code count} downloads and callbacks (jobs go by their TTL). */
    void keepLast(int count) {
        downloads = new Records<>(count);
        callbacks = new Records<>(count);
    }

    /** A {@code [fail-lang-xx]} in a submitted file name fails target language {@code xx} (the sandbox's markers). */
    void failLanguageMarkers() {
        this.failLanguageMarkers = true;
    }

    // ---- scripting -----------------------------------------------------------------------------------------------

    /** Every RUNNING result of the job becomes OK, or ERROR for a {@link #failLanguage failing language}. */
    public void completeJob(String uid) {
        job(uid).completeAll();
    }

    /** One result becomes {@code status} (OK or ERROR; RUNNING puts it back). */
    public void completeResult(String uid, String actionType, String language, Status status) {
        job(uid).complete(actionType, language, status);
    }

    /** From now on a job completes on its {@code polls}-th status poll (the answer to that poll is final); 0: off. */
    public PhraseLanguageAi completeAfterPolls(int polls) {
        if (polls < 0) {
            throw new IllegalArgumentException("polls must not be negative");
        }
        this.completeAfterPolls = polls;
        return this;
    }

    /** Results for this target language end in ERROR when a job completes as a whole. */
    public PhraseLanguageAi failLanguage(String language) {
        failingLanguages.add(language);
        return this;
    }

    /** No callbacks are sent (for poll-only tests); finished jobs are still finished. */
    public PhraseLanguageAi suppressCallbacks() {
        this.callbacksSuppressed = true;
        return this;
    }

    /**
     * Back to the defaults, for tests that share one server: no failing languages, no completion after polls,
     * callbacks sent. Jobs and records stay.
     */
    public PhraseLanguageAi resetScript() {
        failingLanguages.clear();
        completeAfterPolls = 0;
        callbacksSuppressed = false;
        return this;
    }

    // ---- what happened -------------------------------------------------------------------------------------------

    /** Jobs in the order they were accepted (expired ones no longer). */
    public List<Job> jobs() {
        return List.copyOf(submitted);
    }

    public Job job(String uid) {
        Job job = jobs.get(uid);
        if (job == null) {
            throw new IllegalArgumentException("no job " + uid + " (jobs: " + jobs.keySet() + ")");
        }
        return job;
    }

    /** The only job; fails when there is not exactly one. */
    public Job onlyJob() {
        List<Job> all = jobs();
        if (all.size() != 1) {
            throw new IllegalStateException("expected exactly one job, got " + all.size());
        }
        return all.get(0);
    }

    public List<Download> downloads() {
        return downloads.oldestFirst();
    }

    /** How often this output was downloaded successfully (any Accept). */
    public long downloadCount(String uid, String actionType, String language) {
        return downloads.oldestFirst().stream().filter(d -> d.uid().equals(uid) && d.actionType().equals(actionType)
                && d.language().equals(language)).count();
    }

    /** Callbacks attempted so far, in order (delivery is asynchronous: await them). */
    public List<Callback> callbacks() {
        return callbacks.oldestFirst();
    }

    /** The jobs newest first, with their results as they stand now: {@code GET /sandbox/phrase/translations}. */
    public List<Map<String, Object>> translations() {
        purgeExpired();
        Instant now = Instant.now();
        jobs.values().forEach(job -> job.completeIfDue(now));
        return jobs.values().stream()
                .sorted(Comparator.comparing((Job job) -> job.submittedAt).reversed())
                .map(Job::summary)
                .toList();
    }

    /** Forgets a job before its TTL and deletes its file; false when there is no such job. */
    public boolean expire(String uid) {
        Job job = jobs.remove(uid);
        if (job == null) {
            return false;
        }
        submitted.remove(job);
        delete(job);
        return true;
    }

    /** Forgets every job and deletes its file (for tests that share one emulator); records stay. */
    public void forgetJobs() {
        List.copyOf(jobs.keySet()).forEach(this::expire);
    }

    /** Where the files live (one per job, named by its uid). */
    public Path storage() {
        return storage;
    }

    /** The bytes a download with Accept application/octet-stream answers for this output. */
    public static byte[] expectedOutput(byte[] original, String actionType, String language) {
        return output(original, isText(original), actionType, language);
    }

    /** The QE score a {@code QUALITY_ESTIMATION} download with Accept application/json answers for a language. */
    public static double expectedScore(String language) {
        return 0.5 + Math.floorMod(language.hashCode(), 50) / 100.0;
    }

    /** What is wrong with a {@code FileTranslationsMetadataV1}, as readable messages; empty when it is valid. */
    public static List<String> metadataProblems(JsonNode metadata) {
        List<String> problems = new ArrayList<>();
        if (metadata == null || !metadata.isObject()) {
            problems.add("metadata is not a JSON object");
            return problems;
        }
        metadata.fieldNames().forEachRemaining(field -> {
            if (!METADATA_FIELDS.contains(field)) {
                problems.add("metadata has an unknown field " + field);
            }
        });
        if (!metadata.has("sourceLang")) {
            problems.add("metadata has no sourceLang");
        } else {
            checkLanguage(metadata.get("sourceLang"), "sourceLang", problems);
        }
        JsonNode targets = metadata.get("targetLangs");
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            problems.add("targetLangs must be a non-empty array");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < targets.size(); i++) {
                checkLanguage(targets.get(i), "targetLangs[" + i + "]", problems);
                if (!seen.add(targets.get(i).toString())) {
                    problems.add("targetLangs has a duplicate: " + targets.get(i));
                }
            }
        }
        JsonNode actions = metadata.get("actionTypes");
        if (actions == null || !actions.isArray() || actions.isEmpty()) {
            problems.add("actionTypes must be a non-empty array");
        } else {
            Set<String> seen = new HashSet<>();
            for (JsonNode action : actions) {
                if (!action.isTextual() || !ACTION_TYPES.contains(action.asText())) {
                    problems.add("actionTypes has " + action + ", expected one of " + ACTION_TYPES);
                } else if (!seen.add(action.asText())) {
                    problems.add("actionTypes has a duplicate: " + action);
                }
            }
        }
        if (metadata.has("callbackUrl") && !isHttpUrl(metadata.get("callbackUrl"))) {
            problems.add("callbackUrl " + metadata.get("callbackUrl") + " is not an absolute http(s) URI");
        }
        if (metadata.has("mtSettings")) {
            JsonNode mt = metadata.get("mtSettings");
            if (!mt.isObject()) {
                problems.add("mtSettings is not an object");
            } else {
                if (mt.has("usePhraseMTSettings") && !mt.get("usePhraseMTSettings").isBoolean()) {
                    problems.add("mtSettings.usePhraseMTSettings is not a boolean");
                }
                if (mt.has("profile") && !mt.get("profile").path("uid").isTextual()) {
                    problems.add("mtSettings.profile has no string uid");
                }
            }
        }
        if (metadata.has("transMemoriesConfig")) {
            checkTransMemories(metadata.get("transMemoriesConfig"), problems);
        }
        return problems;
    }

    private static void checkTransMemories(JsonNode configs, List<String> problems) {
        if (!configs.isArray()) {
            problems.add("transMemoriesConfig is not an array");
            return;
        }
        for (int i = 0; i < configs.size(); i++) {
            JsonNode config = configs.get(i);
            String where = "transMemoriesConfig[" + i + "]";
            if (!config.isObject()) {
                problems.add(where + " is not an object");
                continue;
            }
            if (config.has("targetLang")) {
                checkLanguage(config.get("targetLang"), where + ".targetLang", problems);
            }
            JsonNode memories = config.get("transMemories");
            if (memories == null) {
                continue;
            }
            if (!memories.isArray()) {
                problems.add(where + ".transMemories is not an array");
                continue;
            }
            for (int j = 0; j < memories.size(); j++) {
                JsonNode memory = memories.get(j);
                String at = where + ".transMemories[" + j + "]";
                if (!memory.isObject()) {
                    problems.add(at + " is not an object");
                    continue;
                }
                if (memory.has("transMemory") && !memory.get("transMemory").path("uid").isTextual()) {
                    problems.add(at + ".transMemory has no string uid");
                }
                for (String locale : List.of("tmSourceLocale", "tmTargetLocale")) {
                    if (memory.has(locale)) {
                        checkLanguage(memory.get(locale), at + "." + locale, problems);
                    }
                }
            }
        }
    }

    private static void checkLanguage(JsonNode language, String where, List<String> problems) {
        if (language == null || !language.isObject() || !language.path("code").isTextual()) {
            problems.add(where + " must be an object with a string code (LanguageV1), got " + language);
        } else if (!LANGUAGE_CODE.matcher(language.get("code").asText()).matches()) {
            problems.add(where + ".code " + quoted(language.get("code").asText())
                    + " is not a lower-case language code like cs, cs_cz or es_419");
        }
    }

    private static boolean isHttpUrl(JsonNode value) {
        if (!value.isTextual()) {
            return false;
        }
        try {
            URI uri = new URI(value.asText());
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }


    @Override
    public void close() {
        if (!durable) {
            deleteFolder(storage);
        }
    }

    // ---- routes --------------------------------------------------------------------------------------------------

    EmulatorResponse submit(EmulatorRequest request) throws IOException {
        purgeExpired();
        String actionId = UUID.randomUUID().toString();
        Optional<AuthKind> auth = authenticator.authenticate(request, "Language AI submit");
        List<MultipartPart> parts = List.of();
        Optional<String> boundary = UploadChecks.checkMultipartContentType(request);
        if (boundary.isPresent()) {
            try {
                parts = request.multipartWithPartBodies(boundary.get());
            } catch (MultipartFormatException e) {
                request.violation("malformed multipart body: " + e.getMessage());
            }
        }
        MultipartPart file = null;
        MultipartPart metadataPart = null;
        for (MultipartPart part : parts) {
            if (!"form-data".equalsIgnoreCase(part.disposition())) {
                request.violation(part + " has Content-Disposition " + part.disposition() + ", expected form-data");
            }
            if ("file".equals(part.name()) && file == null) {
                file = part;
            } else if ("metadata".equals(part.name()) && metadataPart == null) {
                metadataPart = part;
            } else {
                request.violation("unexpected or repeated " + part + " (expected exactly \"file\" and \"metadata\")");
            }
        }
        if (boundary.isPresent() && file == null) {
            request.violation("no part \"file\"");
        }
        if (file != null && (file.filename() == null || file.filename().isEmpty())) {
            request.violation("part \"file\" has no filename");
        }
        if (file != null && file.contentType() != null
                && !HeaderValue.parse(file.contentType()).is("application/octet-stream")) {
            request.violation("part \"file\" has Content-Type " + quoted(file.contentType())
                    + ", expected application/octet-stream (the contract's encoding of the file part)");
        }
        JsonNode metadata = null;
        if (boundary.isPresent() && metadataPart == null) {
            request.violation("no part \"metadata\"");
        }
        if (metadataPart != null) {
            if (metadataPart.contentType() == null
                    || !HeaderValue.parse(metadataPart.contentType()).is("application/json")) {
                request.violation("part \"metadata\" has Content-Type " + quoted(metadataPart.contentType())
                        + ", expected application/json");
            }
            // A file name on the metadata part is accepted: Blackbird's production client sends metadata as a
            // file part "metadata.json" (vendor-apis.md A, G); what matters is the application/json type.
            try {
                metadata = JSON.readTree(metadataPart.body());
                metadataProblems(metadata).forEach(problem -> request.violation("metadata: " + problem));
            } catch (JsonProcessingException | RuntimeException e) {
                request.violation("part \"metadata\" is not JSON");
            }
        }
        if (!request.violations().isEmpty()) {
            return problem(400, "Bad Request", String.join("; ", request.violations()), actionId);
        }
        if (auth.isEmpty()) {
            return problem(401, "Unauthorized", "Invalid or expired access token", actionId);
        }
        request.upload(file); // file-name markers and the size limit apply to the file, as to an upload
        Instant now = Instant.now();
        Duration delay = completeAfter;
        Duration keep = ttl;
        byte[] content = file.body() == null ? new byte[0] : file.body();
        Job job = new Job(newUid(), file.filename(),
                file.contentType() == null ? "application/octet-stream" : file.contentType(), content.length,
                isText(content), (ObjectNode) metadata, auth.get(), actionId, request.arrivedAt(),
                delay == null ? null : now.plus(delay), keep == null ? null : now.plus(keep),
                failLanguageMarkers ? markedLanguages(file.filename()) : Set.of(), Map.of());
        job.completeIfDue(now);
        String body = job.responseJson();
        return EmulatorResponse.json(200, body).withHeader("Memsource-Action-Id", actionId)
                .onCommit(() -> accept(job, content));
    }

    /** {@code .../{uid}} is the status, {@code .../{uid}/{actionType}/{language}} a download. */
    EmulatorResponse get(EmulatorRequest request) throws IOException {
        purgeExpired();
        String actionId = UUID.randomUUID().toString();
        String[] segments = request.path().substring(FILE_TRANSLATIONS_PATH.length() + 1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = URLDecoder.decode(segments[i], StandardCharsets.UTF_8);
        }
        if (segments.length != 1 && segments.length != 3 || List.of(segments).contains("")) {
            request.violation("no such endpoint (expected {uid} or {uid}/{actionType}/{language})");
            return problem(404, "Not Found", String.join("; ", request.violations()), actionId);
        }
        String what = segments.length == 1 ? "Language AI status" : "Language AI download";
        Optional<AuthKind> auth = authenticator.authenticate(request, what);
        if (segments.length == 3) {
            checkDownloadRequest(request, segments[1]);
        }
        if (!request.violations().isEmpty()) {
            return problem(400, "Bad Request", String.join("; ", request.violations()), actionId);
        }
        if (auth.isEmpty()) {
            return problem(401, "Unauthorized", "Invalid or expired access token", actionId);
        }
        Job job = jobs.get(segments[0]);
        if (job == null) {
            return problem(404, "Not Found", "No file translations " + segments[0] + " (unknown or expired)",
                    actionId);
        }
        job.completeIfDue(Instant.now());
        return segments.length == 1 ? status(job, actionId) : download(request, job, segments[1], segments[2],
                actionId);
    }

    private static void checkDownloadRequest(EmulatorRequest request, String actionType) {
        if (!ACTION_TYPES.contains(actionType)) {
            request.violation("actionType " + quoted(actionType) + " is not one of " + ACTION_TYPES);
        }
        List<String> accepts = request.headers("Accept");
        if (accepts.isEmpty()) {
            request.violation("no Accept header (required: application/octet-stream, or application/json for QE)");
            return;
        }
        String accept = servedType(accepts.get(0));
        if (accept == null) {
            request.violation("Accept is " + accepts.get(0) + ", expected application/octet-stream or"
                    + " application/json");
        } else if (accept.equals("application/json") && !"QUALITY_ESTIMATION".equals(actionType)) {
            request.violation("Accept application/json is for QUALITY_ESTIMATION scores only, not " + actionType);
        }
    }

    /** The single media type an Accept names, if it is one of the two this endpoint serves. */
    private static String servedType(String accept) {
        String type = HeaderValue.parse(accept).value().toLowerCase(Locale.ROOT);
        return accept.contains(",") ? null
                : type.equals("application/octet-stream") || type.equals("application/json") ? type : null;
    }

    private EmulatorResponse status(Job job, String actionId) {
        int polls = job.polls.incrementAndGet();
        int completeAt = completeAfterPolls;
        if (completeAt > 0 && polls >= completeAt) {
            job.completeAll();
        }
        return EmulatorResponse.json(200, job.responseJson()).withHeader("Memsource-Action-Id", actionId);
    }

    private EmulatorResponse download(EmulatorRequest request, Job job, String actionType, String language,
            String actionId) {
        Optional<Status> status = job.status(actionType, language);
        if (status.isEmpty()) {
            request.violation("job " + job.uid() + " has no result for " + actionType + "/" + language);
            return problem(404, "Not Found", "No such result", actionId);
        }
        if (status.get() != Status.OK) {
            request.violation("download of " + actionType + "/" + language + " while its status is " + status.get()
                    + " (download only OK results)");
            return problem(404, "Not Found", "The result is " + status.get(), actionId);
        }
        String accept = servedType(request.header("Accept").orElseThrow());
        Download record = new Download(job.uid(), actionType, language, accept, Instant.now());
        EmulatorResponse response;
        if (accept.equals("application/json")) {
            response = EmulatorResponse.json(200, json(Map.of("score", expectedScore(language))));
        } else {
            response = new EmulatorResponse(200, Map.of("Content-Type", "application/octet-stream",
                    "Content-Disposition", contentDisposition(job.fileName())),
                    output(job.content(), job.text, actionType, language), () -> { });
        }
        return response.withHeader("Memsource-Action-Id", actionId).onCommit(() -> downloads.add(record));
    }


    /** The submit was answered: the job exists from now on, its file on disk. */
    private void accept(Job job, byte[] content) {
        try {
            Files.write(job.file(), content);
            if (durable) {
                Path description = storage.resolve(job.uid() + JOB_SUFFIX);
                Path temp = storage.resolve(job.uid() + JOB_SUFFIX + ".tmp");
                Files.write(temp, JSON.writeValueAsBytes(job.described()));
                Files.move(temp, description, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store job " + job.uid(), e);
        }
        jobs.put(job.uid(), job);
        submitted.add(job);
        job.accepted();
        scheduleCompletion(job);
    }

    private void scheduleCompletion(Job job) {
        if (job.readyAt != null && !job.finished()) {
            long delay = Math.max(0, Duration.between(Instant.now(), job.readyAt).toNanos());
            // the scheduler's clock is not Instant.now(): at the scheduled time the job is due by definition
            later.schedule(() -> {
                if (jobs.get(job.uid()) == job) {
                    job.completeIfDue(job.readyAt);
                }
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Jobs described in the storage folder by an earlier run. */
    private void loadStoredJobs() throws IOException {
        Instant now = Instant.now();
        try (DirectoryStream<Path> described = Files.newDirectoryStream(storage, "*" + JOB_SUFFIX)) {
            for (Path description : described) {
                Job job;
                try {
                    job = read(JSON.readTree(description.toFile()));
                } catch (IOException | RuntimeException e) {
                    log.warn("Sandbox Language AI: ignoring the unreadable job description {} ({})", description,
                            e.getMessage());
                    continue;
                }
                if (!Files.exists(job.file())) {
                    Files.deleteIfExists(description);
                    continue;
                }
                if (job.readyAt != null && !now.isBefore(job.readyAt)) {
                    job.callbackSent.set(true); // it was due while the emulator was down: Phrase called in vain
                }
                jobs.put(job.uid(), job);
                submitted.add(job);
                job.accepted();
                job.completeIfDue(now);
                scheduleCompletion(job);
            }
        }
        submitted.sort(Comparator.comparing(Job::submittedAt));
        purgeExpired();
        if (!jobs.isEmpty()) {
            log.info("Sandbox Language AI: {} job(s) kept from an earlier run in {}", jobs.size(), storage);
        }
    }

    private Job read(JsonNode described) {
        String uid = described.get("uid").asText();
        if (uid.isEmpty() || !uid.chars().allMatch(c -> UID_ALPHABET.indexOf(c) >= 0)) {
            throw new IllegalArgumentException("not a job uid: " + uid);
        }
        Set<String> failing = new HashSet<>();
        described.path("failing").forEach(language -> failing.add(language.asText()));
        Map<String, String> resultIds = new LinkedHashMap<>();
        described.path("resultIds").properties().forEach(id -> resultIds.put(id.getKey(), id.getValue().asText()));
        // "name", "contentType" and "caller": how the sandbox's Spring controller described its jobs, so that jobs
        // still open when filebridge is upgraded are taken up too
        String auth = described.has("auth") ? described.get("auth").asText() : described.path("caller").asText();
        return new Job(uid, described.has("fileName") ? described.get("fileName").asText()
                : described.path("name").asText(), described.has("fileContentType")
                ? described.get("fileContentType").asText() : described.path("contentType").asText(),
                described.path("size").asLong(), described.path("text").asBoolean(),
                (ObjectNode) described.get("metadata"), auth.equals("login") || auth.equals("LOGIN") ? AuthKind.LOGIN
                        : AuthKind.EXCHANGE,
                described.path("actionId").asText(), Instant.parse(described.get("submittedAt").asText()),
                instant(described.get("readyAt")), instant(described.get("expiresAt")), failing, resultIds);
    }

    private static Instant instant(JsonNode value) {
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }

    private void purgeExpired() {
        Instant now = Instant.now();
        for (Job job : jobs.values()) {
            if (job.expiresAt != null && !now.isBefore(job.expiresAt)) {
                expire(job.uid());
            }
        }
    }

    private void delete(Job job) {
        try {
            Files.deleteIfExists(job.file());
            Files.deleteIfExists(storage.resolve(job.uid() + JOB_SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + job.file(), e);
        }
    }

    private static void deleteFolder(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder: the system cleans it up eventually
        }
    }

    private void jobFinished(Job job) {
        String url = job.metadata.path("callbackUrl").asText(null);
        if (url == null || callbacksSuppressed || !job.callbackSent.compareAndSet(false, true)) {
            return;
        }
        String body = job.responseJson();
        job.callback = "pending";
        poster.post(url, body, outcome -> {
            job.callback = outcome;
            int status = outcome.startsWith("delivered HTTP ")
                    ? Integer.parseInt(outcome.substring("delivered HTTP ".length())) : -1;
            callbacks.add(new Callback(job.uid(), url, body, status, status < 0 ? outcome : null, Instant.now()));
        });
    }

    // ---- jobs ----------------------------------------------------------------------------------------------------

    /** One accepted file translations request and the state of its results. */
    public final class Job {

        private final String uid;
        private final String fileName;
        private final String fileContentType;
        private final long size;
        private final boolean text;
        private final ObjectNode metadata;
        private final AuthKind auth;
        private final String actionId;
        private final Instant submittedAt;
        /** When the job completes by itself; null: only as scripted. */
        private final Instant readyAt;
        /** When the job is forgotten; null: never. */
        private final Instant expiresAt;
        /** Target languages named by {@code [fail-lang-xx]} markers in the file name. */
        private final Set<String> markedFailing;
        /** actionType -> target language -> [result id, status]; insertion ordered as in the metadata. */
        private final Map<String, Map<String, Result>> results = new LinkedHashMap<>();
        private final AtomicInteger polls = new AtomicInteger();
        private final AtomicBoolean callbackSent = new AtomicBoolean();
        private volatile String callback = "none";
        private boolean finished;
        /** False until the submit was answered: a job finished before that calls back once it is. */
        private boolean accepted;

        private static final class Result {
            final String id;
            Status status = Status.RUNNING;

            Result(String id) {
                this.id = id;
            }
        }

        Job(String uid, String fileName, String fileContentType, long size, boolean text, ObjectNode metadata,
                AuthKind auth, String actionId, Instant submittedAt, Instant readyAt, Instant expiresAt,
                Set<String> markedFailing, Map<String, String> knownResultIds) {
            this.uid = uid;
            this.fileName = fileName;
            this.fileContentType = fileContentType;
            this.size = size;
            this.text = text;
            this.metadata = metadata;
            this.auth = auth;
            this.actionId = actionId;
            this.submittedAt = submittedAt;
            this.readyAt = readyAt;
            this.expiresAt = expiresAt;
            this.markedFailing = Set.copyOf(markedFailing);
            for (JsonNode action : metadata.get("actionTypes")) {
                Map<String, Result> perLanguage = new LinkedHashMap<>();
                for (JsonNode target : metadata.get("targetLangs")) {
                    String language = target.get("code").asText();
                    String key = action.asText() + "/" + language;
                    perLanguage.put(language, new Result(knownResultIds.getOrDefault(key, newUid())));
                }
                results.put(action.asText(), perLanguage);
            }
        }

        public String uid() {
            return uid;
        }

        public String fileName() {
            return fileName;
        }

        /** The file part's Content-Type (application/octet-stream when it had none). */
        public String fileContentType() {
            return fileContentType;
        }

        /** The submitted file, read from disk. */
        public byte[] content() {
            try {
                return Files.readAllBytes(file());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the file of job " + uid, e);
            }
        }

        Path file() {
            return storage.resolve(uid);
        }

        public JsonNode metadata() {
            return metadata.deepCopy();
        }

        public AuthKind auth() {
            return auth;
        }

        /** The {@code Memsource-Action-Id} the submit was answered with. */
        public String actionId() {
            return actionId;
        }

        public Instant submittedAt() {
            return submittedAt;
        }

        /** Status polls that reached this job (scripted-fault ones included). */
        public int polls() {
            return polls.get();
        }

        public synchronized Optional<Status> status(String actionType, String language) {
            Result result = results.getOrDefault(actionType, Map.of()).get(language);
            return result == null ? Optional.empty() : Optional.of(result.status);
        }

        /** True once no result is RUNNING. */
        public synchronized boolean finished() {
            return finished;
        }

        void completeIfDue(Instant now) {
            if (readyAt != null && !now.isBefore(readyAt) && !finished()) {
                completeAll();
            }
        }

        void completeAll() {
            synchronized (this) {
                results.values().forEach(perLanguage -> perLanguage.forEach((language, result) -> {
                    if (result.status == Status.RUNNING) {
                        result.status = failingLanguages.contains(language) || markedFailing.contains(language)
                                ? Status.ERROR : Status.OK;
                    }
                }));
            }
            checkFinished();
        }

        void complete(String actionType, String language, Status status) {
            synchronized (this) {
                Result result = results.getOrDefault(actionType, Map.of()).get(language);
                if (result == null) {
                    throw new IllegalArgumentException("job " + uid + " has no result " + actionType + "/" + language
                            + "; it has " + results);
                }
                result.status = status;
            }
            checkFinished();
        }

        void accepted() {
            boolean finishedAlready;
            synchronized (this) {
                accepted = true;
                finishedAlready = finished;
            }
            if (finishedAlready) {
                jobFinished(this);
            }
        }

        private void checkFinished() {
            boolean nowFinished;
            synchronized (this) {
                boolean running = results.values().stream().flatMap(m -> m.values().stream())
                        .anyMatch(r -> r.status == Status.RUNNING);
                nowFinished = !running && !finished && accepted;
                finished = !running;
            }
            if (nowFinished) {
                jobFinished(this);
            }
        }

        /** The {@code FileTranslationsResponseV1} of the job as it stands. */
        public synchronized String responseJson() {
            ObjectNode body = JSON.createObjectNode();
            body.put("uid", uid);
            ArrayNode actions = body.putArray("actions");
            String source = metadata.path("sourceLang").path("code").asText();
            results.forEach((actionType, perLanguage) -> {
                ObjectNode action = actions.addObject();
                action.put("actionType", actionType);
                ArrayNode list = action.putArray("results");
                perLanguage.forEach((language, result) -> list.addObject().put("id", result.id)
                        .put("sourceLang", source).put("targetLang", language).put("status", result.status.name()));
            });
            body.set("metadata", metadata.deepCopy());
            return body.toString();
        }

        /** What {@link #read} needs to bring the job back after a restart (the file lives beside it). */
        synchronized Map<String, Object> described() {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("uid", uid);
            described.put("fileName", fileName);
            described.put("fileContentType", fileContentType);
            described.put("size", size);
            described.put("text", text);
            described.put("metadata", metadata);
            described.put("auth", auth.name());
            described.put("actionId", actionId);
            described.put("submittedAt", submittedAt.toString());
            described.put("readyAt", readyAt == null ? null : readyAt.toString());
            described.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
            described.put("failing", markedFailing);
            Map<String, String> ids = new LinkedHashMap<>();
            results.forEach((action, perLanguage) -> perLanguage.forEach((language, result) ->
                    ids.put(action + "/" + language, result.id)));
            described.put("resultIds", ids);
            return described;
        }

        /** The job as {@code GET /sandbox/phrase/translations} lists it. */
        synchronized Map<String, Object> summary() {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("uid", uid);
            summary.put("name", fileName);
            summary.put("size", size);
            summary.put("contentType", fileContentType);
            summary.put("text", text);
            summary.put("sourceLang", metadata.path("sourceLang").path("code").asText());
            summary.put("targetLangs", results.values().stream().findFirst().map(m -> List.copyOf(m.keySet()))
                    .orElse(List.of()));
            summary.put("actionTypes", List.copyOf(results.keySet()));
            summary.put("status", finished ? "FINISHED" : "RUNNING");
            Map<String, String> statuses = new LinkedHashMap<>();
            results.forEach((action, perLanguage) -> perLanguage.forEach((language, result) ->
                    statuses.put(action + "/" + language, result.status.name())));
            summary.put("results", statuses);
            summary.put("callbackUrl", metadata.path("callbackUrl").asText(null));
            summary.put("callback", callback);
            summary.put("auth", auth.listed());
            summary.put("submittedAt", submittedAt.toString());
            summary.put("readyAt", readyAt == null ? null : readyAt.toString());
            summary.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
            return summary;
        }

        @Override
        public synchronized String toString() {
            return "job " + uid + " " + fileName + " " + responseJson();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** What a download answers: MT and QE "translate" a text line by line, anything else comes back unchanged. */
    private static byte[] output(byte[] original, boolean text, String actionType, String language) {
        boolean translates = actionType.equals("MT_GENERIC_PRETRANSLATE") || actionType.equals("QUALITY_ESTIMATION");
        if (!translates || !text) {
            return original.clone();
        }
        return translate(new String(original, StandardCharsets.UTF_8), language).getBytes(StandardCharsets.UTF_8);
    }

    /** A deterministic "translation": every line, including the first, gets {@code [language] } in front. */
    static String translate(String text, String language) {
        return text.isEmpty() ? text : LINE_START.matcher(text).replaceAll(Matcher.quoteReplacement(
                "[" + language + "] "));
    }

    /** UTF-8 text without NUL bytes, small enough to transform in memory. */
    static boolean isText(byte[] bytes) {
        if (bytes.length > TEXT_LIMIT) {
            return false;
        }
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

    private static Set<String> markedLanguages(String fileName) {
        Matcher marker = FAIL_LANGUAGE.matcher(fileName == null ? "" : fileName);
        Set<String> languages = new HashSet<>();
        while (marker.find()) {
            languages.add(marker.group(1).toLowerCase(Locale.ROOT));
        }
        return languages;
    }

    private static EmulatorResponse problem(int status, String title, String detail, String actionId) {
        return EmulatorResponse.json(status, PhraseErrors.problem(status, title, detail))
                .withHeader("Memsource-Action-Id", actionId);
    }

    private static String contentDisposition(String fileName) {
        String ascii = isAscii(fileName) ? fileName.replace("\"", "") : "download";
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean isAscii(String text) {
        try {
            StandardCharsets.US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String newUid() {
        StringBuilder uid = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            uid.append(UID_ALPHABET.charAt(RANDOM.nextInt(UID_ALPHABET.length())));
        }
        return uid.toString();
    }
}
