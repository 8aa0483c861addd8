package io.filebridge.connector.phrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.FileEvent;
import io.filebridge.ledger.FileState;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.DeliveredOnce;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseEmulator.AuthKind;
import io.filebridge.sandbox.phrase.PhraseUpload;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hot-folder -> Phrase Connectors pipeline end to end, against a loopback server that checks every request
 * against the Phrase contract: Platform API token exchanged for a JWT once, refreshed once after a 401, X-ActionId
 * and X-Webhook per file, retries, a checksum that does not match, and the webhook arriving back at filebridge.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class PhrasePipelineTest {

    static final String PUBLIC_URL = "https://filebridge.example.com";
    static final String CALLBACK_PREFIX = PUBLIC_URL + "/callbacks/phrase-connectors/";
    static final PhraseEmulator phrase = new PhraseEmulator().start()
            .expectWebhooksUnder(CALLBACK_PREFIX);
    static final HotFolder folder = HotFolder.create("phrase");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "phrase.camel.yaml");
        PipelineTestSettings.phrase(registry, phrase);
        registry.add("filebridge.vendors.phrase.initial-backoff", () -> "200ms");
        registry.add("filebridge.public-url", () -> PUBLIC_URL + "/");
    }

    @AfterAll
    static void stopServer() {
        phrase.close();
    }

    @Autowired
    Ledger ledger;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Each test scripts faults for its own file and waits for it: none may be left for the next test. */
    @AfterEach
    void noScriptedFaultLeft() {
        assertThat(phrase.pendingFaults()).isZero();
        assertThat(phrase.violations()).isEmpty();
    }

    @Test
    @Order(1)
    void twentyFilesWithAnyNamesAreUploadedOnceEachWithOneTokenExchangeForAll() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            paths.add(switch (i % 4) {
                case 0 -> "batch/plain-" + i + ".txt";
                case 1 -> "batch/with spaces " + i + ".pdf";
                case 2 -> "batch/Übersicht " + i + " – 日本語.csv";
                default -> "batch/deep/er/nested/" + i + " émoji 😀.json";
            });
        }
        Map<String, byte[]> contents = new HashMap<>();
        for (String path : paths) {
            byte[] content = ("content of " + path + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
            contents.put(path, content);
            folder.drop(path, content);
        }

        for (String path : paths) {
            JsonNode receipt = folder.awaitReceipt(path);
            String sha = HotFolder.sha256(contents.get(path));
            assertThat(receipt.path("file").path("sha256").asText()).isEqualTo(sha);
            assertThat(receipt.path("file").path("path").asText()).isEqualTo(path);
            assertThat(receipt.path("pipeline").asText()).isEqualTo("phrase-test");
            assertThat(receipt.path("vendor").asText()).isEqualTo("phrase-connectors");
            List<PhraseUpload> uploads = phrase.uploads().stream().filter(u -> u.sha256().equals(sha)).toList();
            assertThat(uploads).as("uploads of %s", path).hasSize(1);
            PhraseUpload upload = uploads.get(0);
            assertThat(upload.filename()).isEqualTo(Path.of(path).getFileName().toString());
            assertThat(upload.auth()).isEqualTo(AuthKind.EXCHANGE);
            assertThat(receipt.path("vendorId").asText()).isEqualTo(upload.uid());
            assertThat(receipt.path("response").path("uid").asText()).isEqualTo(upload.uid());
            assertThat(receipt.path("response").path("expiration").asText()).isEqualTo("DAY");
            assertThat(receipt.path("requestId").asText()).isEqualTo(upload.actionId()).isNotBlank();
            assertThat(upload.webhook()).startsWith(CALLBACK_PREFIX);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.done(path)));
            assertThat(folder.inbox.resolve(path)).doesNotExist();
        }
        assertThat(phrase.tokenExchanges()).as("one JWT serves all uploads").isEqualTo(1);
        assertThat(phrase.logins()).isZero();
        assertThat(phrase.uploads()).extracting(PhraseUpload::bearerToken).hasSize(20).containsOnly(
                phrase.uploads().get(0).bearerToken());
        assertThat(phrase.uploads()).extracting(PhraseUpload::webhook).doesNotHaveDuplicates();
        assertThat(phrase.uploads()).extracting(PhraseUpload::actionId).doesNotHaveDuplicates();
        assertThat(phrase.uploads().stream().filter(u -> u.contentType().equals("application/pdf")).count())
                .as("part content types follow the file extension").isEqualTo(5);
    }

    @Test
    @Order(2)
    void aRevokedTokenIsExchangedAgainOnceAfterA401() throws Exception {
        folder.drop("auth/before.txt", "warm the token cache");
        folder.awaitReceipt("auth/before.txt");
        int exchangesBefore = phrase.tokenExchanges();
        int authFailuresBefore = phrase.authFailures().size();

        phrase.revokeAllTokens();
        folder.drop("auth/after-revoke.txt", "needs a new token");
        JsonNode receipt = folder.awaitReceipt("auth/after-revoke.txt");

        assertThat(phrase.tokenExchanges()).isEqualTo(exchangesBefore + 1);
        assertThat(phrase.authFailures()).hasSize(authFailuresBefore + 1);
        assertThat(requestsFor("after-revoke.txt")).extracting(RecordedRequest::status).containsExactly(401, 200);
        assertThat(receipt.path("attempts").asInt()).as("the 401 and the repeat with a new token").isEqualTo(2);
        folder.drop("auth/later.txt", "the new token is cached again");
        folder.awaitReceipt("auth/later.txt");
        assertThat(phrase.tokenExchanges()).isEqualTo(exchangesBefore + 1);
    }

    @Test
    @Order(3)
    void aTokenThePlatformExpiresBeforeItsExpiresInIsExchangedAgainOnceAfterA401() throws Exception {
        // the next token the client gets is one Phrase drops after 2 s, though it advertises about 4 hours
        phrase.tokensExpireAtServerAfter(Duration.ofSeconds(2));
        phrase.revokeAllTokens();
        folder.drop("expiry/gets-short-token.txt", "fetches the short-lived token");
        folder.awaitReceipt("expiry/gets-short-token.txt");
        phrase.tokensExpireAtServerAfter(null);
        String shortLived = phrase.uploads().stream().filter(u -> u.filename().equals("gets-short-token.txt"))
                .findFirst().orElseThrow().bearerToken();
        await().atMost(Duration.ofSeconds(10)).until(() -> phrase.expiredAtServer(shortLived));
        int exchangesBefore = phrase.tokenExchanges();
        int authFailuresBefore = phrase.authFailures().size();

        folder.drop("expiry/after-expiry.txt", "the cached token expired at Phrase");
        JsonNode receipt = folder.awaitReceipt("expiry/after-expiry.txt");

        assertThat(phrase.tokenExchanges()).as("exactly one new token").isEqualTo(exchangesBefore + 1);
        assertThat(phrase.authFailures().subList(authFailuresBefore, phrase.authFailures().size()))
                .containsExactly("upload with an expired bearer token");
        assertThat(requestsFor("after-expiry.txt")).extracting(RecordedRequest::status).containsExactly(401, 200);
        PhraseUpload upload = phrase.uploads().stream().filter(u -> u.filename().equals("after-expiry.txt")).findFirst()
                .orElseThrow();
        assertThat(upload.bearerToken()).isNotEqualTo(shortLived);
        // every request is an attempt: the refused one and its repeat with the new token (README "attempts")
        assertThat(receipt.path("attempts").asInt()).isEqualTo(2);
        assertThat(receipt.path("vendorId").asText()).isEqualTo(upload.uid());
    }

    @Test
    void theRequestIdSentAsXActionIdIsNamedInTheOutcomeLinesTheErrorReportAndTheLedger(CapturedOutput output)
            throws Exception {
        phrase.respondProblem(503, "Service Unavailable", "try later");
        phrase.respondProblem(400, "Bad Request", "Unsupported file");
        folder.drop("ids/refused-with-id.txt", "refused after one retry");
        JsonNode report = folder.awaitErrorReport("ids/refused-with-id.txt");
        folder.drop("ids/accepted-with-id.txt", "accepted");
        JsonNode receipt = folder.awaitReceipt("ids/accepted-with-id.txt");

        List<String> sentIds = requestsFor("refused-with-id.txt").stream()
                .map(r -> r.header("X-ActionId").orElseThrow()).toList();
        assertThat(sentIds).as("every attempt of a file carries its one id").hasSize(2).containsOnly(sentIds.get(0));
        String failedId = sentIds.get(0);
        assertThat(report.path("requestId").asText()).isEqualTo(failedId);
        assertThat(report.path("httpStatus").asInt()).isEqualTo(400);
        assertThat(ledger.requestId(report.path("ledgerId").asLong())).contains(failedId);
        String acceptedId = phrase.uploads().stream().filter(u -> u.filename().equals("accepted-with-id.txt"))
                .findFirst().orElseThrow().actionId();
        assertThat(receipt.path("requestId").asText()).isEqualTo(acceptedId);
        assertThat(ledger.requestId(receipt.path("ledgerId").asLong())).contains(acceptedId);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> output.getAll().contains("file=\"ids/accepted-with-id.txt\""));
        assertThat(output.getAll())
                .contains("FAILED pipeline=phrase-test file=\"ids/refused-with-id.txt\" vendor=phrase-connectors"
                        + " requestId=" + failedId + " httpStatus=400 attempts=2")
                .contains("COMPLETED pipeline=phrase-test file=\"ids/accepted-with-id.txt\" vendor=phrase-connectors"
                        + " vendorId=" + receipt.path("vendorId").asText() + " requestId=" + acceptedId
                        + " attempts=1");
    }

    @Test
    void a401WithAFreshTokenTooFailsAtOnceWithPhrasesMessage() throws Exception {
        folder.drop("denied/warm.txt", "warm the token cache");
        folder.awaitReceipt("denied/warm.txt");
        int exchangesBefore = phrase.tokenExchanges();
        phrase.respondProblem(401, "Unauthorized", "User lacks the Connectors file storage permission");
        phrase.respondProblem(401, "Unauthorized", "User lacks the Connectors file storage permission");
        folder.drop("denied/refused.txt", "refused twice");

        JsonNode report = folder.awaitErrorReport("denied/refused.txt");

        assertThat(report.path("vendor").asText()).isEqualTo("phrase-connectors");
        assertThat(report.path("httpStatus").asInt()).isEqualTo(401);
        assertThat(report.path("vendorError").asText())
                .contains("User lacks the Connectors file storage permission");
        assertThat(report.path("error").asText()).contains("HTTP 401");
        assertThat(report.path("attempts").asInt()).as("the 401 and the repeat with a new token").isEqualTo(2);
        assertThat(report.path("hint").asText()).contains("PHRASE_API_TOKEN")
                .contains("filebridge.vendors.phrase").doesNotContain(PhraseEmulator.API_TOKEN);
        assertThat(requestsFor("refused.txt")).extracting(RecordedRequest::status).containsExactly(401, 401);
        assertThat(phrase.tokenExchanges()).as("exactly one refresh").isEqualTo(exchangesBefore + 1);
        assertThat(folder.failed("denied/refused.txt")).exists();
        FileEntry row = ledger.find(report.path("ledgerId").asLong()).orElseThrow();
        assertThat(row.state()).isEqualTo(FileState.FAILED);
    }

    @Test
    void twoServiceUnavailableAnswersThenSuccessDeliversOnce() throws Exception {
        phrase.respondProblem(503, "Service Unavailable", "try later");
        phrase.respondProblem(503, "Service Unavailable", "try later");
        folder.drop("flaky.txt", "two 503s first");

        DeliveredOnce.afterAttempts(folder, phrase, PhraseEmulator.UPLOAD_PATH, ledger, "flaky.txt", 503, 503,
                200);
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        phrase.dropConnection();
        folder.drop("dropped.txt", "connection dropped once");

        DeliveredOnce.afterAttempts(folder, phrase, PhraseEmulator.UPLOAD_PATH, ledger, "dropped.txt", -1, 200);
    }

    @Test
    void aChecksumInTheAnswerThatIsNotTheFilesFailsTheFileWithoutRetry() throws Exception {
        phrase.answerWrongSha256Next();
        byte[] content = "bytes that arrive changed".getBytes(StandardCharsets.UTF_8);
        folder.drop("mismatch/corrupted.bin", content);

        JsonNode report = folder.awaitErrorReport("mismatch/corrupted.bin");

        PhraseUpload upload = phrase.uploads().stream().filter(u -> u.filename().equals("corrupted.bin")).findFirst()
                .orElseThrow();
        assertThat(report.path("error").asText()).contains("SHA-256").contains(upload.answeredSha256())
                .contains(HotFolder.sha256(content)).contains(upload.uid()).contains("did not arrive intact");
        assertThat(report.path("attempts").asInt()).isEqualTo(1);
        assertThat(report.path("hint").asText()).contains("does not confirm that the file arrived intact")
                .contains("requestId");
        assertThat(requestsFor("corrupted.bin")).hasSize(1);
        assertThat(folder.failed("mismatch/corrupted.bin")).exists();
        assertThat(folder.receipt("mismatch/corrupted.bin")).doesNotExist();
        assertThat(ledger.find(report.path("ledgerId").asLong()).orElseThrow().state()).isEqualTo(FileState.FAILED);
    }

    @Test
    void theWebhookOfAFileIsRecordedInItsLedgerRowAndUnknownTokensGet404() throws Exception {
        folder.drop("hooks/one.txt", "the first webhook file");
        folder.drop("hooks/two.txt", "the second webhook file");
        JsonNode one = folder.awaitReceipt("hooks/one.txt");
        JsonNode two = folder.awaitReceipt("hooks/two.txt");
        PhraseUpload upload = phrase.uploads().stream().filter(u -> u.filename().equals("one.txt")).findFirst()
                .orElseThrow();
        String token = upload.webhook().substring(CALLBACK_PREFIX.length());
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 random bits
        long oneId = one.path("ledgerId").asLong();
        long twoId = two.path("ledgerId").asLong();
        assertThat(ledger.findByCallbackToken("phrase-connectors", token)).map(FileEntry::id).contains(oneId);
        assertThat(one.path("response").path("webhookUrl").asText()).as("the echoed URL keeps no token")
                .isEqualTo(CALLBACK_PREFIX + "***");
        assertThat(ledger.find(oneId).orElseThrow().receipt()).doesNotContain(token);
        List<FileEvent> oneBefore = ledger.events(oneId);
        List<FileEvent> twoBefore = ledger.events(twoId);

        // unknown, malformed and other-vendor tokens: 404, nothing recorded
        assertThat(postCallback("phrase-connectors", "A".repeat(43), "{}")).isEqualTo(404);
        assertThat(postCallback("phrase-connectors", token.substring(1), "{}")).isEqualTo(404);
        assertThat(postCallback("phrase-connectors", "short", "{}")).isEqualTo(404);
        assertThat(postCallback("sendcloud", token, "{}")).isEqualTo(404);
        assertThat(ledger.events(oneId)).isEqualTo(oneBefore);
        assertThat(ledger.events(twoId)).isEqualTo(twoBefore);

        String body = "{\"uid\":\"" + upload.uid() + "\",\"status\":\"OK\",\"accessToken\":\"eyJabcdef.ghijkl.mnop\","
                + "\"note\":\"api token " + PhraseEmulator.API_TOKEN + " echoed\",\"webhookUrl\":\""
                + upload.webhook() + "\",\"blob\":\"" + "x".repeat(5000) + "\"}";
        assertThat(postCallback("phrase-connectors", token, body)).isEqualTo(200);

        List<FileEvent> callbacks = ledger.events(oneId).stream().filter(e -> e.kind().equals(Ledger.CALLBACK))
                .toList();
        assertThat(callbacks).singleElement().satisfies(event -> {
            assertThat(event.detail()).contains(upload.uid()).contains("\"status\":\"OK\"")
                    .doesNotContain(PhraseEmulator.API_TOKEN).doesNotContain(token)
                    .doesNotContain("eyJabcdef").doesNotContain("x".repeat(300));
            assertThat(event.detail().length()).isLessThanOrEqualTo(1000);
        });
        assertThat(ledger.find(oneId).orElseThrow().state()).as("a callback is a hint, not a state")
                .isEqualTo(FileState.COMPLETED);
        assertThat(ledger.events(twoId)).isEqualTo(twoBefore);
    }

    @Test
    void secretsJwtsAndCallbackTokensNeverAppearInLogsReportsReceiptsOrTheLedger(CapturedOutput output)
            throws Exception {
        // a vendor that echoes the API token in its error text must not get it into the report
        String echo = PhraseEmulator.problem(401, "Unauthorized", "api token " + PhraseEmulator.API_TOKEN
                + " is not valid");
        phrase.respond(401, Map.of(), echo);
        phrase.respond(401, Map.of(), echo);
        folder.drop("secrets/echoed-refusal.txt", "refused upload");
        JsonNode report = folder.awaitErrorReport("secrets/echoed-refusal.txt");
        folder.drop("secrets/accepted.txt", "accepted upload");
        JsonNode receipt = folder.awaitReceipt("secrets/accepted.txt");

        assertThat(report.path("vendorError").asText()).contains("api token *** is not valid");
        StringBuilder everything = new StringBuilder(output.getAll()).append(report).append(receipt)
                .append(Files.readString(folder.errorReport("secrets/echoed-refusal.txt")))
                .append(Files.readString(folder.receipt("secrets/accepted.txt")));
        for (FileEntry row : ledger.findByPipeline("phrase-test")) {
            everything.append(row).append(ledger.events(row.id()));
        }
        assertThat(output.getAll()).contains("COMPLETED pipeline=phrase-test file=\"secrets/accepted.txt\"")
                .contains("FAILED pipeline=phrase-test file=\"secrets/echoed-refusal.txt\"");
        assertThat(everything).doesNotContain(PhraseEmulator.API_TOKEN);
        for (PhraseUpload upload : phrase.uploads()) {
            assertThat(everything).doesNotContain(upload.bearerToken())
                    .doesNotContain(upload.webhook().substring(CALLBACK_PREFIX.length()));
        }
    }

    private int postCallback(String vendor, String token, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/callbacks/" + vendor
                        + "/" + token))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Upload requests (every attempt) whose multipart body names this file. */
    private static List<RecordedRequest> requestsFor(String fileName) {
        return phrase.attemptsFor(PhraseEmulator.UPLOAD_PATH, fileName);
    }
}
