package io.filebridge.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.filebridge.sandbox.emulator.EmulatorRequest;
import io.filebridge.sandbox.emulator.EmulatorResponse;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.sandbox.emulator.HeaderValue;
import io.filebridge.sandbox.emulator.MultipartFormatException;
import io.filebridge.sandbox.emulator.MultipartPart;
import io.filebridge.sandbox.emulator.UploadChecks;
import io.filebridge.testsupport.PhraseContractServer.AuthKind;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Phrase Language AI asynchronous file translations as the {@link PhraseContractServer} plays them, checked by hand
 * against the published OpenAPI (and independent of filebridge's own Phrase classes, so it can catch their mistakes):
 * <ul>
 *   <li>{@code POST /smt/api/v1/fileTranslations}: Bearer token of the server; multipart with exactly a part
 *       {@code file} (with a file name and Content-Type application/octet-stream, which is also what no
 *       Content-Type counts as) and a part
 *       {@code metadata} of Content-Type application/json holding a valid {@code FileTranslationsMetadataV1} (see
 *       {@link #metadataProblems(JsonNode)}). 200 with a {@code FileTranslationsResponseV1} whose results are all
 *       {@code RUNNING}.</li>
 *   <li>{@code GET .../{uid}}: the job's current {@code FileTranslationsResponseV1}; 404 for an unknown uid.</li>
 *   <li>{@code GET .../{uid}/{actionType}/{language}}: with {@code Accept: application/octet-stream} the output
 *       file ({@link #expectedOutput}); with {@code Accept: application/json} for {@code QUALITY_ESTIMATION}
 *       {@code {"score": }{@link #expectedScore}{@code }}; 404 (and a violation) while that result is not OK.</li>
 * </ul>
 * Results stay {@code RUNNING} until the test completes them ({@link #completeJob}, {@link #completeResult}) or a
 * job has been polled {@link #completeAfterPolls N times}. When no result is {@code RUNNING} any more the job is
 * finished and, if its metadata has a {@code callbackUrl}, the response body is POSTed there once (unless
 * {@link #suppressCallbacks() suppressed}). Every answer carries {@code Memsource-Action-Id}. Contract breaches
 * are violations of the server and answered 400 with a problem body; scripted faults apply to all three routes.
 */
public final class PhraseLanguageAi implements AutoCloseable {

    public static final String FILE_TRANSLATIONS_PATH = "/smt/api/v1/fileTranslations";
    public static final List<String> ACTION_TYPES =
            List.of("CONVERTER_IMPORT", "FILE_IMPORT", "MT_GENERIC_PRETRANSLATE", "QUALITY_ESTIMATION");
    /** ISO 639-1 lower case, optionally {@code _} and an ISO 3166-1 alpha-2 (lower case) or UN M.49 region. */
    public static final Pattern LANGUAGE_CODE = Pattern.compile("^[a-z]{2}(_([a-z]{2}|[0-9]{3}))?$");
    private static final Set<String> METADATA_FIELDS = Set.of("sourceLang", "targetLangs", "actionTypes",
            "callbackUrl", "mtSettings", "transMemoriesConfig");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code ActionStatusEnumV1}. */
    public enum Status { RUNNING, OK, ERROR }

    /** Checks the request's Bearer token; see {@code PhraseContractServer#authenticate}. */
    @FunctionalInterface
    interface Authenticator {
        Optional<AuthKind> authenticate(EmulatorRequest request, String what);
    }

    /** A download answered 200 ({@code accept} is the media type served: octet-stream or json). */
    public record Download(String uid, String actionType, String language, String accept, Instant at) {
    }

    /** A callback POST; {@code status} is the receiver's HTTP status, -1 when it could not be delivered. */
    public record Callback(String uid, String url, String body, int status, String failure, Instant at) {
    }

    private final Authenticator authenticator;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<Job> submitted = new CopyOnWriteArrayList<>();
    private final List<Download> downloads = new CopyOnWriteArrayList<>();
    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
    private final Set<String> failingLanguages = ConcurrentHashMap.newKeySet();
    private volatile int completeAfterPolls;
    private volatile boolean callbacksSuppressed;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService callbackSender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "phrase-language-ai-callbacks");
        thread.setDaemon(true);
        return thread;
    });

    PhraseLanguageAi(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    // ---- scripting -----------------------------------------------------------------------------------------------

    /** Every RUNNING result of the job becomes OK, or ERROR for a {@link #failLanguage failing language}. */
    public void completeJob(String uid) {
        job(uid).completeAll(failingLanguages);
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

    /** Jobs in the order they were accepted. */
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
        return List.copyOf(downloads);
    }

    /** How often this output was downloaded successfully (any Accept). */
    public long downloadCount(String uid, String actionType, String language) {
        return downloads.stream().filter(d -> d.uid().equals(uid) && d.actionType().equals(actionType)
                && d.language().equals(language)).count();
    }

    /** Callbacks attempted so far, in order (delivery is asynchronous: await them). */
    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }

    /** The bytes a download with Accept application/octet-stream answers for this output. */
    public static byte[] expectedOutput(byte[] original, String actionType, String language) {
        if (!actionType.equals("MT_GENERIC_PRETRANSLATE") && !actionType.equals("QUALITY_ESTIMATION")) {
            return original.clone(); // imports give back the stored file
        }
        byte[] prefix = ("[" + language + "] ").getBytes(StandardCharsets.UTF_8);
        byte[] output = new byte[prefix.length + original.length];
        System.arraycopy(prefix, 0, output, 0, prefix.length);
        System.arraycopy(original, 0, output, prefix.length, original.length);
        return output;
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
        callbackSender.shutdownNow();
    }

    // ---- routes --------------------------------------------------------------------------------------------------

    EmulatorResponse submit(EmulatorRequest request) throws IOException {
        String actionId = UUID.randomUUID().toString();
        Optional<AuthKind> auth = authenticator.authenticate(request, "Language AI submit");
        List<MultipartPart> parts = List.of();
        Optional<String> boundary = UploadChecks.checkMultipartContentType(request);
        if (boundary.isPresent()) {
            try {
                parts = request.multipart(boundary.get());
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
        Job job = new Job(newUid(), file.filename(),
                file.contentType() == null ? "application/octet-stream" : file.contentType(), file.body(),
                (ObjectNode) metadata, auth.get(), actionId, request.arrivedAt());
        String body = job.responseJson();
        return EmulatorResponse.json(200, body).withHeader("Memsource-Action-Id", actionId).onCommit(() -> {
            jobs.put(job.uid(), job);
            submitted.add(job);
        });
    }

    /** {@code .../{uid}} is the status, {@code .../{uid}/{actionType}/{language}} a download. */
    EmulatorResponse get(EmulatorRequest request) throws IOException {
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
            return problem(404, "Not Found", "No file translations " + segments[0], actionId);
        }
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
            job.completeAll(failingLanguages);
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
                    expectedOutput(job.content(), actionType, language), () -> { });
        }
        return response.withHeader("Memsource-Action-Id", actionId).onCommit(() -> downloads.add(record));
    }

    private void jobFinished(Job job) {
        String url = job.metadata().path("callbackUrl").asText(null);
        if (url == null || callbacksSuppressed) {
            return;
        }
        String body = job.responseJson();
        callbackSender.execute(() -> {
            HttpRequest post = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<Void> answer = http.send(post, HttpResponse.BodyHandlers.discarding());
                callbacks.add(new Callback(job.uid(), url, body, answer.statusCode(), null, Instant.now()));
            } catch (IOException e) {
                callbacks.add(new Callback(job.uid(), url, body, -1, e.toString(), Instant.now()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    // ---- jobs ----------------------------------------------------------------------------------------------------

    /** One accepted file translations request and the state of its results. */
    public final class Job {

        private final String uid;
        private final String fileName;
        private final String fileContentType;
        private final byte[] content;
        private final ObjectNode metadata;
        private final AuthKind auth;
        private final String actionId;
        private final Instant submittedAt;
        /** actionType -> target language -> [result id, status]; insertion ordered as in the metadata. */
        private final Map<String, Map<String, Result>> results = new LinkedHashMap<>();
        private final AtomicInteger polls = new AtomicInteger();
        private boolean finished;

        private static final class Result {
            final String id = newUid();
            Status status = Status.RUNNING;
        }

        Job(String uid, String fileName, String fileContentType, byte[] content, ObjectNode metadata,
                AuthKind auth, String actionId, Instant submittedAt) {
            this.uid = uid;
            this.fileName = fileName;
            this.fileContentType = fileContentType;
            this.content = content == null ? new byte[0] : content;
            this.metadata = metadata;
            this.auth = auth;
            this.actionId = actionId;
            this.submittedAt = submittedAt;
            for (JsonNode action : metadata.get("actionTypes")) {
                Map<String, Result> perLanguage = new LinkedHashMap<>();
                for (JsonNode target : metadata.get("targetLangs")) {
                    perLanguage.put(target.get("code").asText(), new Result());
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

        public byte[] content() {
            return content.clone();
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

        void completeAll(Set<String> failing) {
            synchronized (this) {
                results.values().forEach(perLanguage -> perLanguage.forEach((language, result) -> {
                    if (result.status == Status.RUNNING) {
                        result.status = failing.contains(language) ? Status.ERROR : Status.OK;
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

        private void checkFinished() {
            boolean nowFinished;
            synchronized (this) {
                boolean running = results.values().stream().flatMap(m -> m.values().stream())
                        .anyMatch(r -> r.status == Status.RUNNING);
                nowFinished = !running && !finished;
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

        @Override
        public synchronized String toString() {
            return "job " + uid + " " + fileName + " " + responseJson();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static EmulatorResponse problem(int status, String title, String detail, String actionId) {
        return EmulatorResponse.json(status, PhraseContractServer.problem(status, title, detail))
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
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder uid = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            uid.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return uid.toString();
    }

    private static String quoted(String value) {
        return value == null ? "(none)" : "\"" + value + "\"";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
