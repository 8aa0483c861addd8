package io.filebridge.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.aymara.AymaraUpload;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.sandbox.serial.SerialUpload;
import io.filebridge.testsupport.MultipartBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

/**
 * The emulators as the sandbox profile configures them: the test emulators' contract checks plus what a person
 * trying filebridge needs, namely file-name fault markers answered in each vendor's error body, Sendcloud's 30
 * uploads a minute, a size limit, and the listings on the main port, newest first.
 *
 * <p>Why: the markers and limits are how a first run shows filebridge's retries and failed folder without a vendor
 * account; they now travel the scripted-fault path of the tests, so this guards that they still reach the client.
 */
class SandboxEmulatorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SENDCLOUD = "Basic " + Base64.getEncoder()
            .encodeToString("sandbox-public:sandbox-secret".getBytes(UTF_8));
    private static final String SERIAL = "Bearer sandbox-serial-key";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SandboxEmulators emulators = SandboxEmulators.start(settings());
    private final SandboxListingsController listings = new SandboxListingsController(emulators);

    @AfterEach
    void stop() {
        emulators.close();
    }

    private static SandboxProperties settings() {
        SandboxProperties settings = new SandboxProperties();
        settings.getSendcloud().setMaxFileSize(DataSize.ofKilobytes(64));
        settings.getSerial().setMaxFileSize(DataSize.ofKilobytes(64));
        settings.getAymara().setMaxFileSize(DataSize.ofKilobytes(64));
        return settings;
    }

    @ParameterizedTest
    @CsvSource({
        "report[fail-400].pdf, 400, bad_request",
        "report[fail-401].pdf, 401, unauthorized",
        "report[FAIL-413].pdf, 413, content_too_large",
        "report[fail-422].pdf, 422, unprocessable_content",
        "report[fail-500].pdf, 500, internal_server_error"})
    void sendcloudFailMarkersAlwaysAnswerTheirStatusInItsEnvelope(String name, int status, String code)
            throws Exception {
        for (int attempt = 1; attempt <= 2; attempt++) {
            HttpResponse<String> answer = sendcloudUpload(name, "application/pdf", new byte[] {1});

            assertThat(answer.statusCode()).as("attempt %d", attempt).isEqualTo(status);
            JsonNode error = JSON.readTree(answer.body()).get("errors").get(0);
            assertThat(error.get("code").asText()).isEqualTo(code);
            assertThat(error.get("status").asInt()).isEqualTo(status);
        }
        assertThat(emulators.sendcloud.uploads()).isEmpty();
        assertThat(emulators.sendcloud.requests()).extracting(r -> r.fault()).containsOnly("respond " + status);
        assertThat(emulators.sendcloud.violations()).isEmpty();
    }

    @Test
    void oneShotMarkersFailOnceThenTheUploadIsAccepted() throws Exception {
        HttpResponse<String> limited = sendcloudUpload("batch[rate-429].csv", "text/csv", new byte[] {1});
        HttpResponse<String> afterLimit = sendcloudUpload("batch[rate-429].csv", "text/csv", new byte[] {1});
        HttpResponse<String> flaky = sendcloudUpload("scan[flaky-503].png", "image/png", new byte[] {1});
        HttpResponse<String> afterFlaky = sendcloudUpload("scan[flaky-503].png", "image/png", new byte[] {1});
        HttpResponse<String> again = sendcloudUpload("scan[flaky-503].png", "image/png", new byte[] {1});

        assertSendcloudError(limited, 429, "hit_rate_limit", "Rate limit exceeded",
                "Rate limit exceeded: 30 per 1 minute");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(afterLimit.statusCode()).isEqualTo(201);
        assertSendcloudError(flaky, 503, "service_unavailable", "Service Unavailable", null);
        assertThat(afterFlaky.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
    }

    @Test
    void the31stSendcloudUploadWithinAMinuteIs429WithoutRetryAfter() throws Exception {
        for (int i = 1; i <= 30; i++) {
            assertThat(sendcloudUpload("f" + i + ".txt", "text/plain", new byte[] {1}).statusCode())
                    .as("upload %d", i).isEqualTo(201);
        }

        HttpResponse<String> answer = sendcloudUpload("f31.txt", "text/plain", new byte[] {1});

        assertSendcloudError(answer, 429, "hit_rate_limit", "Rate limit exceeded",
                "Rate limit exceeded: 30 per 1 minute");
        assertThat(answer.headers().firstValue("Retry-After")).isEmpty();
        assertThat(emulators.sendcloud.uploads()).hasSize(30);
    }

    @Test
    void filesOverTheConfiguredMaximumAre413InEachVendorsBody() throws Exception {
        byte[] tooBig = new byte[64 * 1024 + 1];

        HttpResponse<String> sendcloud = sendcloudUpload("big.bin", "application/octet-stream", tooBig);
        HttpResponse<String> fits = sendcloudUpload("fits.bin", "application/octet-stream", new byte[64 * 1024]);
        HttpResponse<String> serial = post(emulators.serial.baseUrl() + "/files", SERIAL,
                new MultipartBody().file("file", "big.bin", "application/octet-stream", tooBig).bytes());
        HttpResponse<String> aymara = aymaraUpload("x-api-key", "sandbox-aymara-key",
                new MultipartBody().file("file", "big.bin", "application/octet-stream", tooBig).bytes());

        assertSendcloudError(sendcloud, 413, "content_too_large", "Content Too Large", "File is too large.");
        assertThat(fits.statusCode()).isEqualTo(201);
        assertThat(emulators.sendcloud.uploads()).extracting(SendcloudUpload::filename).containsExactly("fits.bin");
        assertThat(serial.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(serial.body()).get("error").asText()).isEqualTo("Payload Too Large");
        assertThat(emulators.serial.uploads()).isEmpty();
        assertAymaraError(aymara, 413, "validation.invalid_request");
        assertThat(emulators.aymara.uploads()).isEmpty();
    }

    @Test
    void aMissingFilePartGetsSendcloudsDocumented400AndIsListedAsAViolation() throws Exception {
        HttpResponse<String> answer = post(emulators.sendcloud.apiBaseUrl() + "/dsf/files", SENDCLOUD,
                new MultipartBody().field("note", "no file here").bytes());

        assertSendcloudError(answer, 400, "bad_request", "Bad Request", "`file` form field is required");
        assertThat(emulators.sendcloud.uploads()).isEmpty();
        assertThat(listings.violations("sendcloud").getBody())
                .anyMatch(violation -> violation.contains("named \"note\", expected \"file\""));
    }

    @Test
    void serialAnswersA401MarkerWithoutABodyAsSerialDoes() throws Exception {
        HttpResponse<String> answer = post(emulators.serial.baseUrl() + "/files", SERIAL,
                new MultipartBody().file("file", "scan[fail-401].png", "image/png", new byte[] {1}).bytes());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void aymaraTakesBothCredentialsAndAnswersMarkersInItsEnvelope() throws Exception {
        HttpResponse<String> accepted = aymaraUpload("Authorization", "Bearer sandbox-aymara-token",
                new MultipartBody().file("file", "a.csv", "text/csv", new byte[] {1}).bytes());
        HttpResponse<String> limited = aymaraUpload("x-api-key", "sandbox-aymara-key",
                new MultipartBody().file("file", "b[rate-429].csv", "text/csv", new byte[] {1}).bytes());

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(JSON.readTree(limited.body()).get("error").get("code").asText()).isEqualTo("quota.limit_exceeded");
        String fileUuid = JSON.readTree(accepted.body()).get("file_uuid").asText();
        assertThat(listings.aymaraUpload(fileUuid).getBody()).isInstanceOfSatisfying(AymaraUpload.class,
                upload -> assertThat(upload.auth()).isEqualTo("bearer"));
    }

    @Test
    void listingsShowTheNewestUploadFirst() throws Exception {
        sendcloudUpload("first.txt", "text/plain", new byte[] {1});
        sendcloudUpload("second.txt", "text/plain", new byte[] {2});
        post(emulators.serial.baseUrl() + "/files", SERIAL,
                new MultipartBody().file("file", "one.txt", "text/plain", new byte[] {1}).bytes());
        post(emulators.serial.baseUrl() + "/files", SERIAL,
                new MultipartBody().file("file", "two.txt", "text/plain", new byte[] {2}).bytes());

        assertThat(listings.sendcloudUploads()).extracting(u -> ((SendcloudUpload) u).filename())
                .containsExactly("second.txt", "first.txt");
        assertThat(listings.serialUploads()).extracting(u -> ((SerialUpload) u).filename())
                .containsExactly("two.txt", "one.txt");
        assertThat(listings.aymaraUploads()).isEmpty();
    }

    @Test
    void theSendcloudTokenEndpointTakesTheOpenApiPathWithATrailingSlashToo() throws Exception {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(emulators.sendcloud.tokenUrl() + "/"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("sandbox-client:sandbox-client-secret".getBytes(UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("grant_type=client_credentials&scope=api")).build(),
                BodyHandlers.ofString());
        HttpResponse<String> wrongClient = http.send(HttpRequest.newBuilder(URI.create(emulators.sendcloud.tokenUrl()))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("x:y".getBytes(UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("grant_type=client_credentials")).build(), BodyHandlers.ofString());

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(JSON.readTree(token.body()).get("access_token").asText()).startsWith("ory_at_");
        assertThat(wrongClient.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrongClient.body()).get("error_description").asText()).isNotBlank();
        assertThat(emulators.sendcloud.violations()).isEmpty();
    }

    /**
     * Serial's markers: {@code [fail-*]} every time, the one-shots once; 401 and 500 without a body as Serial
     * documents them, 429 with {@code Retry-After: 2}. Why: a first run shows filebridge's retries and its failed
     * folder against Serial too, not only Sendcloud.
     */
    @ParameterizedTest
    @CsvSource({"scan[fail-401].png, 401, 401", "scan[fail-500].png, 500, 500", "scan[fail-413].png, 413, 413",
        "scan[flaky-503].png, 503, 200", "scan[rate-429].png, 429, 200"})
    void serialFaultMarkers(String name, int first, int second) throws Exception {
        byte[] body = new MultipartBody().file("file", name, "image/png", new byte[] {1}).bytes();

        HttpResponse<String> one = post(emulators.serial.baseUrl() + "/files", SERIAL, body);
        HttpResponse<String> two = post(emulators.serial.baseUrl() + "/files", SERIAL, body);

        assertThat(one.statusCode()).isEqualTo(first);
        assertThat(two.statusCode()).isEqualTo(second);
        if (first == 429) {
            assertThat(one.headers().firstValue("Retry-After")).hasValue("2");
        }
        if (first == 401 || first == 500) {
            assertThat(one.body()).isEmpty();
        }
        assertThat(emulators.serial.uploads()).hasSize(second == 200 ? 1 : 0);
        assertThat(emulators.serial.violations()).isEmpty();
    }

    /**
     * Aymara's markers, each in Aymara's envelope with its SDK's code; the one-shots pass the second time. Why: the
     * same demo of retries and failures as for the other vendors, with the error text filebridge logs from Aymara.
     */
    @ParameterizedTest
    @CsvSource({"data[fail-422].csv, 422, 422, validation.invalid_format",
        "data[fail-500].csv, 500, 500, server.internal_error",
        "data[flaky-503].csv, 503, 200, server.internal_error",
        "data[rate-429].csv, 429, 200, quota.limit_exceeded"})
    void aymaraFaultMarkers(String name, int first, int second, String code) throws Exception {
        byte[] body = new MultipartBody().file("file", name, "text/csv", new byte[] {1}).bytes();

        HttpResponse<String> one = aymaraUpload("x-api-key", "sandbox-aymara-key", body);
        HttpResponse<String> two = aymaraUpload("x-api-key", "sandbox-aymara-key", body);

        assertAymaraError(one, first, code);
        assertThat(two.statusCode()).isEqualTo(second);
        if (first == 429) {
            assertThat(one.headers().firstValue("Retry-After")).hasValue("2");
        }
        assertThat(emulators.aymara.violations()).isEmpty();
    }

    /**
     * The sandbox's token lasts Sendcloud's hour, is not to be cached, has the only scope, and authorizes uploads,
     * which are then listed as bearer uploads. Why: the OAuth2 path of the Sendcloud pipeline must work in a first run.
     */
    @Test
    void aSandboxTokenLastsAnHourAndAuthorizesUploads() throws Exception {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(emulators.sendcloud.tokenUrl()))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("sandbox-client:sandbox-client-secret".getBytes(UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("grant_type=client_credentials&scope=api")).build(),
                BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(token.body());

        HttpResponse<String> upload = post(emulators.sendcloud.apiBaseUrl() + "/dsf/files",
                "Bearer " + answer.get("access_token").asText(),
                new MultipartBody().file("file", "a.pdf", "application/pdf", new byte[] {1}).bytes());

        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.get("access_token").asText()).startsWith("ory_at_");
        assertThat(answer.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(answer.get("token_type").asText()).isEqualTo("bearer");
        assertThat(answer.get("scope").asText()).isEqualTo("api");
        assertThat(upload.statusCode()).isEqualTo(201);
        assertThat(listings.sendcloudUploads()).singleElement()
                .satisfies(u -> assertThat(((SendcloudUpload) u).auth()).isEqualTo(SendcloudUpload.AuthKind.BEARER));
    }

    /** Sendcloud's envelope, whole: one error with code, title, status and a detail ({@code null}: any text). */
    private static void assertSendcloudError(HttpResponse<String> answer, int status, String code, String title,
            String detail) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode errors = JSON.readTree(answer.body()).get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("code").asText()).isEqualTo(code);
        assertThat(errors.get(0).get("title").asText()).isEqualTo(title);
        assertThat(errors.get(0).get("status").asInt()).isEqualTo(status);
        if (detail == null) {
            assertThat(errors.get(0).get("detail").asText()).isNotBlank();
        } else {
            assertThat(errors.get(0).get("detail").asText()).isEqualTo(detail);
        }
    }

    /** Aymara's envelope: the code, a message, and a request id. */
    private static void assertAymaraError(HttpResponse<String> answer, int status, String code) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("error").get("code").asText()).isEqualTo(code);
        assertThat(body.get("error").get("message").asText()).isNotBlank();
        assertThat(body.get("request_id").asText()).startsWith("req_");
    }

    private HttpResponse<String> sendcloudUpload(String name, String type, byte[] content) throws Exception {
        return post(emulators.sendcloud.apiBaseUrl() + "/dsf/files", SENDCLOUD,
                new MultipartBody().file("file", name, type, content).bytes());
    }

    private HttpResponse<String> aymaraUpload(String header, String value, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(emulators.aymara.baseUrl() + "/v2/files/-/uploads"))
                .header(header, value).header("Content-Type", MultipartBody.contentType())
                .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String authorization, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .header("Content-Type", MultipartBody.contentType()).POST(BodyPublishers.ofByteArray(body)).build(),
                BodyHandlers.ofString());
    }
}
