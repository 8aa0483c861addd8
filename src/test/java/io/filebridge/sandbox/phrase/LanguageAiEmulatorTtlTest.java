package io.filebridge.sandbox.phrase;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.sandbox.SandboxEmulators;
import io.filebridge.sandbox.SandboxTestApplication;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/** Jobs and their files go away by themselves once the TTL has passed (24 h by default, 1 s here). */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SandboxTestApplication.class, properties = {
        SandboxTestApplication.ISOLATED_CONFIG,
        "filebridge.sandbox.phrase.translation-delay=0s",
        "filebridge.sandbox.phrase.translation-ttl=1s"})
@ActiveProfiles("sandbox")
class LanguageAiEmulatorTtlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private SandboxEmulators emulators;

    @Test
    void aJobAndItsFileAreGoneAfterTheTtl() throws Exception {
        PhraseLanguageAi emulator = emulators.phrase().languageAi();
        RestClient http = RestClient.builder().baseUrl(emulators.phrase().baseUrl())
                .requestFactory(new JdkClientHttpRequestFactory(
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
                .build();
        MultiValueMap<String, String> grant = new LinkedMultiValueMap<>();
        grant.add("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        grant.add("subject_token", "sandbox-phrase-api-token");
        String bearer = "Bearer " + http.post().uri("/idm/oauth/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(grant)
                .exchange((request, response) -> JSON.readTree(response.getBody().readAllBytes()))
                .get("access_token").asText();
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", new ByteArrayResource("hi".getBytes(UTF_8))).filename("a.txt")
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        form.part("metadata", "{\"sourceLang\":{\"code\":\"en\"},\"targetLangs\":[{\"code\":\"fr\"}],"
                + "\"actionTypes\":[\"MT_GENERIC_PRETRANSLATE\"]}", MediaType.APPLICATION_JSON);
        JsonNode job = http.post().uri("/smt/api/v1/fileTranslations").header(HttpHeaders.AUTHORIZATION, bearer)
                .contentType(MediaType.MULTIPART_FORM_DATA).body(form.build())
                .exchange((request, response) -> JSON.readTree(response.getBody().readAllBytes()));
        String uid = job.get("uid").asText();
        Path stored = emulator.storage().resolve(uid);
        assertThat(job.at("/actions/0/results/0/status").asText()).isEqualTo("OK");
        assertThat(stored).exists();

        await().atMost(Duration.ofSeconds(10)).until(() -> http.get().uri("/smt/api/v1/fileTranslations/" + uid)
                .header(HttpHeaders.AUTHORIZATION, bearer)
                .exchange((request, response) -> response.getStatusCode().value()) == 404);
        assertThat(stored).doesNotExist();
    }
}
