package io.filebridge.sandbox.sendcloud;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload.AuthKind;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.testsupport.MultipartBody;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendcloudEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASIC = basic(SendcloudEmulator.PUBLIC_KEY, SendcloudEmulator.SECRET_KEY);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SendcloudEmulator server = new SendcloudEmulator().start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void acceptsACorrectUploadAndRecordsItsHash() throws Exception {
        byte[] content = "%PDF-1.7 test".getBytes(UTF_8);

        HttpResponse<String> response = upload(BASIC, MultipartBody.contentType(),
                new MultipartBody().file("file", "invoice.pdf", "application/pdf", content).bytes());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        String token = JSON.readTree(response.body()).get("file_token").asText();
        assertThat(token).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-"
                + HexFormat.of().formatHex("application/pdf".getBytes(UTF_8)));
        assertThat(server.violations()).isEmpty();
        assertThat(server.uploads()).singleElement().satisfies(upload -> {
            assertThat(upload.filename()).isEqualTo("invoice.pdf");
            assertThat(upload.contentType()).isEqualTo("application/pdf");
            assertThat(upload.size()).isEqualTo(content.length);
            assertThat(upload.sha256()).isEqualTo(io.filebridge.testsupport.HotFolder.sha256(content));
            assertThat(upload.auth()).isEqualTo(AuthKind.BASIC);
            assertThat(upload.fileToken()).isEqualTo(token);
        });
        assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(201));
    }

    @Test
    void flagsAWrongPartName() throws Exception {
        HttpResponse<String> response = upload(BASIC, MultipartBody.contentType(),
                new MultipartBody().file("upload", "a.pdf", "application/pdf", new byte[] {1}).bytes());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("errors").get(0);
        assertThat(error.get("code").asText()).isEqualTo("bad_request");
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(server.violations()).singleElement().asString()
                .startsWith("POST /api/v3/dsf/files: ").contains("named \"upload\", expected \"file\"");
        assertThat(server.uploads()).isEmpty();
    }

    @Test
    void flagsAMissingFilenameAndAMissingPartContentType() throws Exception {
        HttpResponse<String> response = upload(BASIC, MultipartBody.contentType(),
                new MultipartBody().part("form-data; name=\"file\"", null, new byte[] {1}).bytes());

        // Sendcloud documents 422 "`file` field must contain a file object." for a file field that is not a file
        assertSendcloudError(response, 422, "unprocessable_content", "Unprocessable Content",
                "`file` field must contain a file object.");
        assertThat(server.violations()).anyMatch(v -> v.contains("has no filename"))
                .anyMatch(v -> v.contains("has no Content-Type"));
    }

    @Test
    void flagsACharsetParameterOnTheContentType() throws Exception {
        HttpResponse<String> response = upload(BASIC, MultipartBody.contentType().replace(";", "; charset=ISO-8859-1;"),
                new MultipartBody().file("file", "a.pdf", "application/pdf", new byte[] {1}).bytes());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(server.violations()).singleElement().asString().contains("charset parameter");
    }

    @Test
    void flagsExtraPartsAndNonMultipartBodies() throws Exception {
        upload(BASIC, MultipartBody.contentType(), new MultipartBody()
                .file("file", "a.pdf", "application/pdf", new byte[] {1}).field("note", "x").bytes());
        upload(BASIC, "application/json", "{}".getBytes(UTF_8));

        assertThat(server.violations()).hasSize(2)
                .anyMatch(v -> v.contains("exactly one part"))
                .anyMatch(v -> v.contains("expected multipart/form-data"));
    }

    @Test
    void answersBadAuthWith401() throws Exception {
        byte[] body = new MultipartBody().file("file", "a.pdf", "application/pdf", new byte[] {1}).bytes();

        HttpResponse<String> missing = upload(null, MultipartBody.contentType(), body);
        HttpResponse<String> wrongSecret = upload(basic(SendcloudEmulator.PUBLIC_KEY, "nope"),
                MultipartBody.contentType(), body);
        HttpResponse<String> unknownToken = upload("Bearer ory_at_made_up", MultipartBody.contentType(), body);

        for (HttpResponse<String> refused : List.of(missing, wrongSecret, unknownToken)) {
            assertSendcloudError(refused, 401, "unauthorized", "Unauthorized", null);
        }
        assertThat(server.violations()).singleElement().asString().contains("no Authorization header");
        assertThat(server.authFailures()).hasSize(2);
        assertThat(server.uploads()).isEmpty();
    }

    @Test
    void issuesBearerTokensThatWorkUntilRevoked() throws Exception {
        server.tokenExpiresIn(Duration.ofMinutes(5));
        byte[] body = new MultipartBody().file("file", "a.pdf", "application/pdf", new byte[] {1}).bytes();

        HttpResponse<String> tokenAnswer = token(basic(SendcloudEmulator.CLIENT_ID,
                SendcloudEmulator.CLIENT_SECRET), "grant_type=client_credentials&scope=api");
        JsonNode token = JSON.readTree(tokenAnswer.body());
        String bearer = "Bearer " + token.get("access_token").asText();
        int beforeRevoke = upload(bearer, MultipartBody.contentType(), body).statusCode();
        server.revokeAllTokens();
        int afterRevoke = upload(bearer, MultipartBody.contentType(), body).statusCode();

        assertThat(tokenAnswer.statusCode()).isEqualTo(200);
        assertThat(tokenAnswer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(token.get("access_token").asText()).startsWith("ory_at_");
        assertThat(token.get("expires_in").asLong()).isEqualTo(300);
        assertThat(token.get("token_type").asText()).isEqualTo("bearer");
        assertThat(token.get("scope").asText()).isEqualTo("api");
        assertThat(beforeRevoke).isEqualTo(201);
        assertThat(afterRevoke).isEqualTo(401);
        assertThat(server.uploads()).singleElement().satisfies(u -> assertThat(u.auth()).isEqualTo(AuthKind.BEARER));
        assertThat(server.authFailures()).singleElement().asString().contains("revoked");
        assertThat(server.tokenRequests()).isEqualTo(1);
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void tokenEndpointRejectsWrongClientsAndGrants() throws Exception {
        String client = basic(SendcloudEmulator.CLIENT_ID, SendcloudEmulator.CLIENT_SECRET);

        HttpResponse<String> wrongClient = token(basic("someone", "else"), "grant_type=client_credentials");
        HttpResponse<String> wrongGrant = token(client, "grant_type=password");
        HttpResponse<String> noClient = token(null, "grant_type=client_credentials");

        assertThat(wrongClient.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrongClient.body()).get("error").asText()).isEqualTo("invalid_client");
        assertThat(JSON.readTree(wrongClient.body()).get("error_description").asText()).isNotBlank();
        assertThat(wrongGrant.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongGrant.body()).get("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(noClient.statusCode()).isEqualTo(401);
        assertThat(server.tokenRequests()).isEqualTo(3);
        assertThat(server.violations()).hasSize(2);
        assertThat(server.authFailures()).hasSize(1);
    }

    @Test
    void servesScriptedFaultsInOrderAndThenAnswersNormally() throws Exception {
        byte[] body = new MultipartBody().file("file", "a.pdf", "application/pdf", new byte[] {1}).bytes();
        server.respondRateLimited(Duration.ofSeconds(2));
        server.respond(500, Map.of(), "{\"errors\":[]}");
        server.respondSendcloudError(413, "content_too_large", "File is too large.", "Content Too Large");

        HttpResponse<String> first = upload(BASIC, MultipartBody.contentType(), body);
        HttpResponse<String> second = upload(BASIC, MultipartBody.contentType(), body);
        HttpResponse<String> third = upload(BASIC, MultipartBody.contentType(), body);
        HttpResponse<String> fourth = upload(BASIC, MultipartBody.contentType(), body);

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(JSON.readTree(first.body()).get("errors").get(0).get("code").asText()).isEqualTo("hit_rate_limit");
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(third.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(third.body()).get("errors").get(0).get("detail").asText())
                .isEqualTo("File is too large.");
        assertThat(fourth.statusCode()).isEqualTo(201);
        assertThat(server.uploads()).hasSize(1);
        assertThat(server.pendingFaults()).isZero();
        assertThat(server.requests()).extracting(RecordedRequest::status).containsExactly(429, 500, 413, 201);
        assertThat(server.maxUploadAttemptsWithin(Duration.ofMinutes(1))).isEqualTo(4);
    }

    @Test
    void dropConnectionGivesTheClientAnIoError() throws Exception {
        byte[] body = new MultipartBody().file("file", "a.pdf", "application/pdf", new byte[] {1}).bytes();
        server.dropConnection();

        assertThatThrownBy(() -> upload(BASIC, MultipartBody.contentType(), body)).isInstanceOf(IOException.class);
        assertThat(upload(BASIC, MultipartBody.contentType(), body).statusCode()).isEqualTo(201);
        assertThat(server.requests()).extracting(RecordedRequest::status).containsExactly(-1, 201);
        assertThat(server.uploads()).hasSize(1);
    }

    @Test
    void delayHoldsTheAnswerBack() throws Exception {
        byte[] body = new MultipartBody().file("file", "a.pdf", "application/pdf", new byte[] {1}).bytes();
        server.delay(Duration.ofSeconds(5));

        HttpRequest impatient = uploadRequest(BASIC, MultipartBody.contentType(), BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> http.send(impatient, BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        server.delay(Duration.ofMillis(300));
        long start = System.nanoTime();
        int status = upload(BASIC, MultipartBody.contentType(), body).statusCode();

        assertThat(status).isEqualTo(201);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void utf8FileNamesWithSpacesAndNonLatinLettersRoundTrip() throws Exception {
        String name = "Žluťoučký kůň – 東京 отчёт (1).pdf";

        upload(BASIC, MultipartBody.contentType(),
                new MultipartBody().file("file", name, "application/pdf", new byte[] {1}).bytes());
        upload(BASIC, MultipartBody.contentType(), new MultipartBody().part(
                "form-data; name=\"file\"; filename*=UTF-8''%E6%9D%B1%E4%BA%AC%20report.pdf", "application/pdf",
                new byte[] {2}).bytes());

        assertThat(server.violations()).isEmpty();
        assertThat(server.uploads()).extracting(SendcloudUpload::filename).containsExactly(name, "東京 report.pdf");
    }

    @Test
    void drainingModeHashesLargeBodiesWithoutKeepingThem() throws Exception {
        server.drainBodies(true);
        long size = 64L * 1024 * 1024;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        String head = "--" + MultipartBody.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + MultipartBody.BOUNDARY + "--\r\n";
        InputStream content = new DigestInputStream(new PatternStream(size), sent);
        HttpRequest request = uploadRequest(BASIC, MultipartBody.contentType(), BodyPublishers.ofInputStream(() ->
                new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head.getBytes(UTF_8)),
                        content, new ByteArrayInputStream(tail.getBytes(UTF_8))))))).build();

        HttpResponse<String> response = http.send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(server.uploads()).singleElement().satisfies(upload -> {
            assertThat(upload.size()).isEqualTo(size);
            assertThat(upload.sha256()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        });
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.body()).isNull();
            assertThat(r.bodySize()).isEqualTo(head.length() + size + tail.length());
        });
    }

    @Test
    void withoutDigestsAnswersAsBeforeButRecordsNoHash() throws Exception {
        server.drainBodies(true).recordDigests(false);
        byte[] content = "%PDF-1.7 not hashed".getBytes(UTF_8);

        HttpResponse<String> response = upload(BASIC, MultipartBody.contentType(),
                new MultipartBody().file("file", "invoice.pdf", "application/pdf", content).bytes());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(response.body()).get("file_token").asText()).isNotEmpty();
        assertThat(server.violations()).isEmpty();
        assertThat(server.uploads()).singleElement().satisfies(upload -> {
            assertThat(upload.size()).isEqualTo(content.length);
            assertThat(upload.sha256()).isNull();
        });
    }

    @Test
    void flagsRequestsToOtherPathsAndMethods() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(server.apiBaseUrl() + "/dsf/files/")).header("Authorization", BASIC)
                .POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(URI.create(server.apiBaseUrl() + "/dsf/files")).header("Authorization", BASIC)
                .GET().build(), BodyHandlers.ofString());

        assertThat(server.violations()).containsExactly("POST /api/v3/dsf/files/: no such endpoint",
                "GET /api/v3/dsf/files: method not allowed here (expected POST)");
    }

    private HttpResponse<String> upload(String authorization, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return http.send(uploadRequest(authorization, contentType, BodyPublishers.ofByteArray(body)).build(),
                BodyHandlers.ofString());
    }

    private HttpRequest.Builder uploadRequest(String authorization, String contentType,
            HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.apiBaseUrl() + "/dsf/files"))
                .header("Content-Type", contentType)
                .POST(body);
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private HttpResponse<String> token(String authorization, String form) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    /** Sendcloud's envelope, whole: one error with code, title, status and a detail ({@code null}: any text). */
    private static void assertSendcloudError(HttpResponse<String> response, int status, String code, String title,
            String detail) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode errors = JSON.readTree(response.body()).get("errors");
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

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }

    /** A long, cheap, non-repeating-looking stream, so a large body never exists in memory. */
    private static final class PatternStream extends InputStream {

        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? (int) ((position++ * 2654435761L) >>> 13) & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) (((position++ * 2654435761L) >>> 13) & 0xff);
            }
            return n;
        }
    }
}
