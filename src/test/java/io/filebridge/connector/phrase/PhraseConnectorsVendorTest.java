package io.filebridge.connector.phrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.callback.CallbackUrls;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.UploadContext;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.files.SourceFile;
import io.filebridge.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The Connectors request and how its answer is read, without HTTP. */
class PhraseConnectorsVendorTest {

    private final ObjectMapper json = new ObjectMapper();
    private final PhraseSettings settings = new PhraseSettings();

    @TempDir
    Path dir;

    PhraseConnectorsVendorTest() {
        settings.setApiToken("token");
    }

    private PhraseConnectorsVendor vendor(CallbackUrls callbacks) {
        return new PhraseConnectorsVendor(settings, new PhraseAuthentication(settings, call -> {
            throw new AssertionError("no token request expected");
        }, json, Clock.systemUTC()), callbacks, json);
    }

    private SourceFile file() throws Exception {
        Path path = Files.writeString(dir.resolve("report.pdf"), "%PDF", StandardCharsets.UTF_8);
        return SourceFile.read(path, "report.pdf", "sub/report.pdf");
    }

    @Test
    void theUploadGoesToConnectorsFileStorageWithTheRequestIdAsActionIdAndNoWebhookByDefault() throws Exception {
        HttpCall call = vendor(new CallbackUrls("", null)).uploadCall(file(), new UploadContext("p", 7, "req-1"));

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri()).isEqualTo(URI.create("https://eu.phrase.com/connectors/files/v1/async/upload-file"));
        assertThat(call.headers()).containsEntry("X-ActionId", "req-1").containsEntry("Accept", "application/json")
                .doesNotContainKey("X-Webhook").doesNotContainKey("Authorization");
        assertThat(call.body().get().getContentType()).startsWith("multipart/form-data; boundary=")
                .doesNotContain("charset");
    }

    @Test
    void withAPublicUrlEachUploadGetsItsOwnWebhookUrlWhoseTokenIsStoredWithTheRow() throws Exception {
        RecordingLedger ledger = new RecordingLedger();
        PhraseConnectorsVendor vendor = vendor(new CallbackUrls("https://fb.example.com/", ledger));

        HttpCall first = vendor.uploadCall(file(), new UploadContext("p", 7, "req-1"));
        HttpCall second = vendor.uploadCall(file(), new UploadContext("p", 8, "req-2"));

        String prefix = "https://fb.example.com/callbacks/phrase-connectors/";
        assertThat(first.headers().get("X-Webhook")).startsWith(prefix);
        assertThat(first.headers().get("X-Webhook").substring(prefix.length())).matches("[A-Za-z0-9_-]{43}")
                .isEqualTo(ledger.tokens.get(7L));
        assertThat(second.headers().get("X-Webhook")).isEqualTo(prefix + ledger.tokens.get(8L))
                .isNotEqualTo(first.headers().get("X-Webhook"));
    }

    @Test
    void onlyTheUidIsRequiredAndUnknownFieldsAreIgnored() throws Exception {
        PhraseConnectorsVendor vendor = vendor(new CallbackUrls("", null));
        SourceFile file = file();

        assertThat(vendor.vendorId(file, json.readTree("{\"webhookUrl\":\"x\",\"uid\":\"U1\"}"))).isEqualTo("U1");
        assertThat(vendor.vendorId(file, json.readTree("{\"uid\":\"U2\",\"expiration\":\"WEEK\",\"size\":\"n/a\","
                + "\"customer\":null,\"sha256\":null,\"new\":{\"a\":1}}"))).isEqualTo("U2");
        assertThat(vendor.vendorId(file, json.readTree("{\"uid\":\"U3\",\"sha256\":\""
                + file.sha256().toUpperCase() + "\",\"size\":4}"))).isEqualTo("U3");
        assertThat(vendor.vendorId(file, json.readTree("{\"uid\":\"U4\",\"sha256\":\"\"}"))).isEqualTo("U4");
    }

    @Test
    void anAnswerWithoutUidFails() throws Exception {
        PhraseConnectorsVendor vendor = vendor(new CallbackUrls("", null));

        for (String answer : new String[] {"{}", "{\"uid\":\"\"}", "{\"uid\":{\"id\":1}}", "[]"}) {
            assertThatThrownBy(() -> vendor.vendorId(file(), json.readTree(answer)))
                    .isInstanceOfSatisfying(VendorCallFailed.class, e -> {
                        assertThat(e.getMessage()).contains("no uid");
                        assertThat(e.retryable()).isFalse();
                    });
        }
    }

    @Test
    void aDifferentSha256FailsTheFileWithoutRetry() throws Exception {
        PhraseConnectorsVendor vendor = vendor(new CallbackUrls("", null));
        SourceFile file = file();
        String other = "f".repeat(64);

        assertThatThrownBy(() -> vendor.vendorId(file, json.readTree("{\"uid\":\"U9\",\"sha256\":\"" + other + "\"}")))
                .isInstanceOfSatisfying(VendorCallFailed.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("U9").contains(other).contains(file.sha256())
                            .contains("did not arrive intact");
                });
    }

    @Test
    void errorTextsOfTheShapesPhraseUsesAreReadAndHintsNameThePhraseSettings() {
        PhraseConnectorsVendor vendor = vendor(new CallbackUrls("", null));

        assertThat(vendor.errorText(answer("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"No access to file storage\"}"))).isEqualTo("Forbidden: No access to file storage");
        assertThat(vendor.errorText(answer("{\"error\":\"unauthorized\",\"error_description\":\"Bad token\"}")))
                .isEqualTo("unauthorized: Bad token");
        assertThat(vendor.errorText(answer("{\"timestamp\":\"x\",\"status\":500,\"error\":\"Internal Server Error\","
                + "\"message\":\"boom\",\"path\":\"/files\"}"))).isEqualTo("Internal Server Error: boom");
        assertThat(vendor.errorText(answer("{\"errorCode\":\"AuthInvalidToken\",\"errorDescription\":\"expired\"}")))
                .isEqualTo("AuthInvalidToken: expired");
        assertThat(vendor.errorText(answer("<html>" + "x".repeat(600) + "</html>"))).hasSize(503).endsWith("...");
        assertThat(vendor.errorText(answer(""))).isEmpty();
        assertThat(vendor.hint(401)).contains("PHRASE_API_TOKEN").contains("filebridge.vendors.phrase");
        assertThat(vendor.hint(null)).contains("filebridge.vendors.phrase.base-url");
        assertThat(vendor.hint(200)).contains("does not confirm that the file arrived intact")
                .contains("requestId (sent as X-ActionId)");
        assertThat(vendor.hint(503)).contains("server error").contains("requestId");
    }

    @Test
    void receiptsKeepTheAnswerButMaskTheCallbackTokenOfAnEchoedWebhookUrl() throws Exception {
        PhraseConnectorsVendor vendor = vendor(new CallbackUrls("", null));
        String token = "q3Y8nVb2Qe0Jx7mWc1Lr5Tz9Ka4Hs6Du0Gp2Fo8Ni3";
        var answer = json.readTree("{\"uid\":\"U1\",\"webhookUrl\":\"https://fb.example.com/callbacks/"
                + "phrase-connectors/" + token + "\",\"size\":4}");
        var plain = json.readTree("{\"uid\":\"U1\",\"size\":4}");

        var kept = vendor.receiptResponse(answer);

        assertThat(kept.get("webhookUrl").asText())
                .isEqualTo("https://fb.example.com/callbacks/phrase-connectors/***");
        assertThat(kept.get("uid").asText()).isEqualTo("U1");
        assertThat(kept.get("size").asInt()).isEqualTo(4);
        assertThat(answer.get("webhookUrl").asText()).as("the answer itself is not changed").endsWith(token);
        assertThat(vendor.receiptResponse(plain)).isSameAs(plain);
    }

    private static HttpAnswer answer(String body) {
        return new HttpAnswer(400, Map.of(), body);
    }

    /** Keeps the tokens instead of writing them to a database. */
    static final class RecordingLedger extends Ledger {
        final Map<Long, String> tokens = new java.util.HashMap<>();

        RecordingLedger() {
            super(new JdbcTemplate(new org.springframework.jdbc.datasource.SimpleDriverDataSource()),
                    Clock.systemUTC(), "test");
        }

        @Override
        public void attachCallbackToken(long id, String token) {
            tokens.put(id, token);
        }
    }
}
