package io.filebridge.sandbox.phrase;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.sandbox.phrase.PhraseEmulator.AuthKind;
import io.filebridge.sandbox.phrase.PhraseLanguageAi.Status;
import io.filebridge.testsupport.MultipartBody;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Language AI part of the Phrase contract server: each rule it enforces, and its job simulation. */
class PhraseLanguageAiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
            + "&subject_token=" + PhraseEmulator.API_TOKEN;
    private static final String BASE = PhraseLanguageAi.FILE_TRANSLATIONS_PATH;
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final String GOOD = "{\"sourceLang\":{\"code\":\"en\"},\"targetLangs\":[{\"code\":\"cs\"},"
            + "{\"code\":\"es_419\"}],\"actionTypes\":[\"MT_GENERIC_PRETRANSLATE\"]}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final PhraseEmulator server = new PhraseEmulator().start();
    private final PhraseLanguageAi languageAi = server.languageAi();
    private HttpServer receiver;

    @AfterEach
    void stop() {
        server.close();
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aValidSubmitStartsAJobWhoseResultsAreAllRunning() throws Exception {
        HttpResponse<String> response = submit(bearer(), body("a.txt", OCTET_STREAM, "Hello", GOOD));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Memsource-Action-Id")).isPresent();
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("uid").asText()).matches("[A-Za-z0-9]{22}");
        assertThat(answer.get("actions")).singleElement().satisfies(action -> {
            assertThat(action.get("actionType").asText()).isEqualTo("MT_GENERIC_PRETRANSLATE");
            assertThat(action.get("results")).hasSize(2).allSatisfy(result -> {
                assertThat(result.get("status").asText()).isEqualTo("RUNNING");
                assertThat(result.get("sourceLang").asText()).isEqualTo("en");
                assertThat(result.get("id").asText()).isNotBlank();
            });
            assertThat(action.get("results").get(1).get("targetLang").asText()).isEqualTo("es_419");
        });
        assertThat(answer.get("metadata")).isEqualTo(JSON.readTree(GOOD));
        assertThat(server.violations()).isEmpty();
        assertThat(languageAi.onlyJob().fileName()).isEqualTo("a.txt");
        assertThat(languageAi.onlyJob().uid()).isEqualTo(answer.get("uid").asText());
    }

    @Test
    void metadataRulesAreEnforcedOneByOne() throws Exception {
        String bearer = bearer();
        List<String> bad = List.of(
                GOOD.replace("\"cs\"", "\"CS\""),
                GOOD.replace("\"es_419\"", "\"cs\""),
                GOOD.replace("MT_GENERIC_PRETRANSLATE", "TRANSLATE"),
                GOOD.replace("[\"MT_GENERIC_PRETRANSLATE\"]", "[]"),
                GOOD.replace("[{\"code\":\"cs\"},{\"code\":\"es_419\"}]", "[]"),
                GOOD.replace("]}", "],\"callbackUrl\":\"ftp://x/y\"}"),
                GOOD.replace("{\"sourceLang\":{\"code\":\"en\"},", "{"),
                GOOD.replace("]}", "],\"mtSettings\":{\"profile\":{}}}"),
                GOOD.replace("]}", "],\"transMemoriesConfig\":[{\"targetLang\":{\"code\":\"cs-CZ\"}}]}"));
        for (String metadata : bad) {
            assertThat(submit(bearer, body("a.txt", OCTET_STREAM, "x", metadata)).statusCode())
                    .as(metadata).isEqualTo(400);
        }

        String violations = String.join("\n", server.violations());
        assertThat(violations).contains("\"CS\"").contains("targetLangs has a duplicate")
                .contains("\"TRANSLATE\"").contains("actionTypes must be a non-empty array")
                .contains("targetLangs must be a non-empty array").contains("callbackUrl")
                .contains("no sourceLang").contains("mtSettings.profile").contains("\"cs-CZ\"");
        assertThat(server.violations()).hasSize(bad.size());
        assertThat(languageAi.jobs()).isEmpty();
        assertThat(PhraseLanguageAi.metadataProblems(JSON.readTree(GOOD.replace("]}",
                "],\"callbackUrl\":\"https://fb.example.com/cb/x\",\"mtSettings\":{\"usePhraseMTSettings\":true,"
                        + "\"profile\":{\"uid\":\"p\"}},\"transMemoriesConfig\":[{\"targetLang\":{\"code\":\"cs\"},"
                        + "\"transMemories\":[{\"transMemory\":{\"uid\":\"tm\"},\"tmSourceLocale\":{\"code\":\"en\"},"
                        + "\"tmTargetLocale\":{\"code\":\"cs_cz\"}}]}]}")))).isEmpty();
    }

    @Test
    void theMultipartShapeIsEnforced() throws Exception {
        String bearer = bearer();
        byte[] wrongMetadataType = new MultipartBody().file("file", "a.txt", OCTET_STREAM, "x".getBytes(UTF_8))
                .part("form-data; name=\"metadata\"", "text/plain", GOOD.getBytes(UTF_8)).bytes();
        byte[] noFile = new MultipartBody().part("form-data; name=\"metadata\"", "application/json",
                GOOD.getBytes(UTF_8)).bytes();
        byte[] extraPart = new MultipartBody().file("file", "a.txt", null, "x".getBytes(UTF_8))
                .part("form-data; name=\"metadata\"", "application/json", GOOD.getBytes(UTF_8))
                .field("comment", "hi").bytes();

        // the contract's encoding: the file part is application/octet-stream, not the type of its extension
        byte[] typedFile = body("a.txt", "text/plain", "x", GOOD);

        assertThat(submit(bearer, wrongMetadataType).statusCode()).isEqualTo(400);
        assertThat(submit(bearer, noFile).statusCode()).isEqualTo(400);
        assertThat(submit(bearer, extraPart).statusCode()).isEqualTo(400);
        assertThat(submit(bearer, typedFile).statusCode()).isEqualTo(400);

        assertThat(server.violations()).hasSize(4);
        assertThat(server.violations().get(0)).contains("part \"metadata\" has Content-Type \"text/plain\"");
        assertThat(server.violations().get(1)).contains("no part \"file\"");
        assertThat(server.violations().get(2)).contains("part comment");
        assertThat(server.violations().get(3)).contains("part \"file\" has Content-Type \"text/plain\"");
        // without a Content-Type the file part counts as application/octet-stream
        assertThat(submit(bearer, new MultipartBody().file("file", "b.bin", null, new byte[] {0, 1})
                .part("form-data; name=\"metadata\"", "application/json", GOOD.getBytes(UTF_8)).bytes())
                .statusCode()).isEqualTo(200);
        assertThat(languageAi.onlyJob().fileContentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void withoutAValidTokenItIs401AndAnAuthFailure() throws Exception {
        assertThat(submit("Bearer not-issued", body("a.txt", OCTET_STREAM, "x", GOOD)).statusCode())
                .isEqualTo(401);
        assertThat(get("Bearer not-issued", BASE + "/abc", null).statusCode()).isEqualTo(401);
        assertThat(server.authFailures()).hasSize(2).first().asString().contains("Language AI submit");
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void statusIsPolledAndAnUnknownUidIs404() throws Exception {
        String bearer = bearer();
        String uid = uidOf(submit(bearer, body("a.txt", OCTET_STREAM, "x", GOOD)));

        HttpResponse<byte[]> running = get(bearer, BASE + "/" + uid, null);
        languageAi.completeResult(uid, "MT_GENERIC_PRETRANSLATE", "cs", Status.OK);
        JsonNode half = JSON.readTree(get(bearer, BASE + "/" + uid, null).body());

        assertThat(running.statusCode()).isEqualTo(200);
        assertThat(running.headers().firstValue("Memsource-Action-Id")).isPresent();
        assertThat(half.at("/actions/0/results/0/status").asText()).isEqualTo("OK");
        assertThat(half.at("/actions/0/results/1/status").asText()).isEqualTo("RUNNING");
        assertThat(languageAi.job(uid).polls()).isEqualTo(2);
        assertThat(languageAi.job(uid).finished()).isFalse();
        assertThat(get(bearer, BASE + "/nope", null).statusCode()).isEqualTo(404);
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void jobsCompleteAfterNPollsAndAFailingLanguageEndsInError() throws Exception {
        languageAi.completeAfterPolls(3).failLanguage("es_419");
        String bearer = bearer();
        String uid = uidOf(submit(bearer, body("a.txt", OCTET_STREAM, "x", GOOD)));

        JsonNode second = JSON.readTree(get(bearer, BASE + "/" + uid, null).body());
        second = JSON.readTree(get(bearer, BASE + "/" + uid, null).body());
        JsonNode third = JSON.readTree(get(bearer, BASE + "/" + uid, null).body());

        assertThat(second.at("/actions/0/results/0/status").asText()).isEqualTo("RUNNING");
        assertThat(third.at("/actions/0/results/0/status").asText()).isEqualTo("OK");
        assertThat(third.at("/actions/0/results/1/status").asText()).isEqualTo("ERROR");
        assertThat(languageAi.job(uid).finished()).isTrue();
    }

    @Test
    void downloadsServeTheDeterministicTranslationOnlyOnceOkAndAreCounted() throws Exception {
        String bearer = bearer();
        String uid = uidOf(submit(bearer, body("Zpráva.txt", OCTET_STREAM, "Hello\nworld", GOOD)));
        String url = BASE + "/" + uid + "/MT_GENERIC_PRETRANSLATE/cs";

        HttpResponse<byte[]> early = get(bearer, url, "application/octet-stream");
        languageAi.completeJob(uid);
        HttpResponse<byte[]> file = get(bearer, url, "application/octet-stream");
        HttpResponse<byte[]> noAccept = get(bearer, url, null);

        assertThat(early.statusCode()).isEqualTo(404);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), UTF_8)).isEqualTo("[cs] Hello\n[cs] world");
        assertThat(file.body()).isEqualTo(PhraseLanguageAi.expectedOutput("Hello\nworld".getBytes(UTF_8),
                "MT_GENERIC_PRETRANSLATE", "cs"));
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename*=UTF-8''Zpr%C3%A1va.txt");
        assertThat(noAccept.statusCode()).isEqualTo(400);
        assertThat(server.violations()).hasSize(2);
        assertThat(server.violations().get(0)).contains("while its status is RUNNING");
        assertThat(server.violations().get(1)).contains("no Accept header");
        assertThat(languageAi.downloadCount(uid, "MT_GENERIC_PRETRANSLATE", "cs")).isEqualTo(1);
        assertThat(languageAi.downloadCount(uid, "MT_GENERIC_PRETRANSLATE", "es_419")).isZero();
    }

    @Test
    void qualityEstimationAnswersAScoreAsJson() throws Exception {
        String bearer = bearer();
        String uid = uidOf(submit(bearer, body("a.txt", OCTET_STREAM, "x",
                GOOD.replace("MT_GENERIC_PRETRANSLATE", "QUALITY_ESTIMATION"))));
        languageAi.completeJob(uid);

        HttpResponse<byte[]> score = get(bearer, BASE + "/" + uid + "/QUALITY_ESTIMATION/es_419", "application/json");
        HttpResponse<byte[]> file = get(bearer, BASE + "/" + uid + "/QUALITY_ESTIMATION/es_419",
                "application/octet-stream");

        assertThat(score.statusCode()).isEqualTo(200);
        assertThat(score.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(score.body()).get("score").asDouble())
                .isEqualTo(PhraseLanguageAi.expectedScore("es_419")).isBetween(0.5, 1.0);
        assertThat(new String(file.body(), UTF_8)).isEqualTo("[es_419] x");
        assertThat(languageAi.downloads()).extracting(PhraseLanguageAi.Download::accept)
                .containsExactly("application/json", "application/octet-stream");
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void aFinishedJobIsPostedToItsCallbackUrlOnce() throws Exception {
        List<String> received = startReceiver();
        String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks/lai/tok";
        String bearer = bearer();
        String uid = uidOf(submit(bearer, body("a.txt", OCTET_STREAM, "x",
                GOOD.replace("]}", "],\"callbackUrl\":\"" + callback + "\"}"))));

        languageAi.completeResult(uid, "MT_GENERIC_PRETRANSLATE", "cs", Status.OK);
        languageAi.completeResult(uid, "MT_GENERIC_PRETRANSLATE", "es_419", Status.ERROR);
        languageAi.completeJob(uid);

        await().atMost(Duration.ofSeconds(10)).until(() -> languageAi.callbacks().size() == 1);
        assertThat(languageAi.callbacks()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(200);
            assertThat(c.url()).isEqualTo(callback);
        });
        JsonNode body = JSON.readTree(received.get(0));
        assertThat(received.get(1)).isEqualTo("application/json");
        assertThat(body.get("uid").asText()).isEqualTo(uid);
        assertThat(body.at("/actions/0/results/1/status").asText()).isEqualTo("ERROR");
    }

    @Test
    void suppressedCallbacksAreNotSent() throws Exception {
        List<String> received = startReceiver();
        languageAi.suppressCallbacks();
        String uid = uidOf(submit(bearer(), body("a.txt", OCTET_STREAM, "x", GOOD.replace("]}",
                "],\"callbackUrl\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb\"}"))));

        languageAi.completeJob(uid);

        assertThat(languageAi.job(uid).finished()).isTrue();
        // stays without a callback for a while: a suppressed callback must not arrive late either
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300))
                .atMost(java.time.Duration.ofSeconds(2)).until(() -> languageAi.callbacks().isEmpty());
        assertThat(received).isEmpty();
    }

    @Test
    void scriptedFaultsApplyToLanguageAiRoutes() throws Exception {
        String bearer = bearer();
        server.respondProblem(429, "Too Many Requests", "slow down");
        assertThat(submit(bearer, body("a.txt", OCTET_STREAM, "x", GOOD)).statusCode()).isEqualTo(429);
        String uid = uidOf(submit(bearer, body("a.txt", OCTET_STREAM, "x", GOOD)));
        server.respond(503, Map.of(), "");
        assertThat(get(bearer, BASE + "/" + uid, null).statusCode()).isEqualTo(503);
        assertThat(languageAi.jobs()).hasSize(1);
        assertThat(server.attemptsFor(BASE, "a.txt")).hasSize(2);
    }

    @Test
    void aDroppedConnectionOnADownloadIsNotCountedAsADownload() throws Exception {
        String bearer = bearer();
        String uid = uidOf(submit(bearer, body("a.txt", OCTET_STREAM, "x", GOOD)));
        languageAi.completeJob(uid);
        server.dropConnection();

        String url = BASE + "/" + uid + "/MT_GENERIC_PRETRANSLATE/cs";
        try {
            get(bearer, url, "application/octet-stream");
        } catch (java.io.IOException droppedUnlessTheClientRetriedTheGet) {
            // the JDK client retries an idempotent GET once after an EOF before any answer
        }

        List<Integer> statuses = server.requests().stream().filter(r -> r.path().equals(url))
                .map(RecordedRequest::status).toList();
        assertThat(statuses.get(0)).isEqualTo(-1);
        assertThat(languageAi.downloadCount(uid, "MT_GENERIC_PRETRANSLATE", "cs"))
                .isEqualTo(statuses.stream().filter(status -> status == 200).count());
    }

    @Test
    void aCallbackReceiverErrorIsRecordedWithItsStatus() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(500, -1);
            }
        });
        receiver.start();
        String uid = uidOf(submit(bearer(), body("a.txt", OCTET_STREAM, "x", GOOD.replace("]}",
                "],\"callbackUrl\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb\"}"))));

        languageAi.completeJob(uid);

        await().atMost(Duration.ofSeconds(10)).until(() -> languageAi.callbacks().size() == 1);
        assertThat(languageAi.callbacks().get(0).status()).isEqualTo(500);
    }

    @Test
    void failLangMarkersCountOnlyWhenMarkersAreServedAndTimedJobsCompleteByThemselves() throws Exception {
        languageAi.completeAfter(Duration.ofMillis(100));
        String bearer = bearer();
        String unmarked = uidOf(submit(bearer, body("doc[fail-lang-cs].txt", OCTET_STREAM, "x", GOOD)));
        server.serveFileNameMarkers();
        String marked = uidOf(submit(bearer, body("doc[fail-lang-cs].txt", OCTET_STREAM, "x", GOOD)));

        await().atMost(Duration.ofSeconds(10)).until(() -> languageAi.job(unmarked).finished()
                && languageAi.job(marked).finished());
        assertThat(languageAi.job(unmarked).status("MT_GENERIC_PRETRANSLATE", "cs")).hasValue(Status.OK);
        assertThat(languageAi.job(marked).status("MT_GENERIC_PRETRANSLATE", "cs")).hasValue(Status.ERROR);
        assertThat(languageAi.job(marked).status("MT_GENERIC_PRETRANSLATE", "es_419")).hasValue(Status.OK);
        assertThat(languageAi.translations()).extracting(job -> job.get("uid")).containsExactly(marked, unmarked);
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void jobsKeptInAFolderAreTakenUpByTheNextEmulator(@TempDir Path folder) throws Exception {
        languageAi.storeJobsIn(folder).completeAfter(Duration.ofHours(1));
        String uid = uidOf(submit(bearer(), body("Zpráva.txt", OCTET_STREAM, "Hello\nworld", GOOD)));
        server.close();

        try (PhraseEmulator next = new PhraseEmulator().start()) {
            next.languageAi().storeJobsIn(folder);

            PhraseLanguageAi.Job job = next.languageAi().job(uid);
            assertThat(job.fileName()).isEqualTo("Zpráva.txt");
            assertThat(job.content()).isEqualTo("Hello\nworld".getBytes(UTF_8));
            assertThat(job.status("MT_GENERIC_PRETRANSLATE", "cs")).hasValue(Status.RUNNING);
            assertThat(next.languageAi().expire(uid)).isTrue();
            assertThat(folder).isEmptyDirectory();
        }
    }

    @Test
    void aJobTheSandboxControllerDescribedIsTakenUpAfterAnUpgrade(@TempDir Path folder) throws Exception {
        String uid = "AbCdEfGhIjKlMnOpQrStUv";
        Files.writeString(folder.resolve(uid), "Hi");
        Files.writeString(folder.resolve(uid + ".job.json"), "{\"uid\":\"" + uid + "\",\"name\":\"a.txt\","
                + "\"contentType\":\"application/octet-stream\",\"size\":2,\"metadata\":" + GOOD + ","
                + "\"caller\":\"login\",\"submittedAt\":\"2026-01-01T00:00:00Z\","
                + "\"readyAt\":\"2026-01-01T00:00:03Z\",\"expiresAt\":\"2999-01-01T00:00:00Z\",\"text\":true,"
                + "\"failing\":[\"cs\"],\"callbackUrl\":null,\"resultIds\":{}}");

        languageAi.storeJobsIn(folder);

        PhraseLanguageAi.Job job = languageAi.job(uid);
        assertThat(job.fileName()).isEqualTo("a.txt");
        assertThat(job.auth()).isEqualTo(AuthKind.LOGIN);
        assertThat(job.finished()).isTrue();
        assertThat(job.status("MT_GENERIC_PRETRANSLATE", "cs")).hasValue(Status.ERROR);
        assertThat(job.status("MT_GENERIC_PRETRANSLATE", "es_419")).hasValue(Status.OK);
        assertThat(languageAi.callbacks()).isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private List<String> startReceiver() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                received.add(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
                received.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        return received;
    }

    private static byte[] body(String fileName, String fileType, String content, String metadata) {
        return new MultipartBody().file("file", fileName, fileType, content.getBytes(UTF_8))
                .part("form-data; name=\"metadata\"", "application/json", metadata.getBytes(UTF_8)).bytes();
    }

    private String bearer() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + PhraseEmulator.TOKEN_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(FORM)).build(), BodyHandlers.ofString());
        return "Bearer " + JSON.readTree(response.body()).get("access_token").asText();
    }

    private HttpResponse<String> submit(String bearer, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + BASE))
                .header("Authorization", bearer).header("Content-Type", MultipartBody.contentType())
                .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> get(String bearer, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", bearer).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), BodyHandlers.ofByteArray());
    }

    private static String uidOf(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("uid").asText();
    }
}
