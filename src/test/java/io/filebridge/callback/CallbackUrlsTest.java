package io.filebridge.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code filebridge.public-url} and the callback tokens. */
class CallbackUrlsTest {

    @Test
    void blankPublicUrlMeansNoCallbacks() {
        CallbackUrls off = new CallbackUrls("  ", null);

        assertThat(off.enabled()).isFalse();
        assertThat(off.register("phrase-connectors", 1)).isEmpty(); // and no ledger (null) was touched
        assertThat(new CallbackUrls((String) null, null).enabled()).isFalse();
    }

    @Test
    void aPublicUrlIsKeptWithoutTrailingSlashesAndMayHaveAPath() {
        assertThat(CallbackUrls.normalize("https://fb.example.com/")).isEqualTo("https://fb.example.com");
        assertThat(CallbackUrls.normalize(" http://10.0.0.5:8080/filebridge// ")).isEqualTo("http://10.0.0.5:8080/filebridge");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fb.example.com", "ftp://fb.example.com", "https://", "https://fb.example.com/?a=1",
        "https://fb.example.com/#x", "https://fb example.com"})
    void anythingButAnAbsoluteHttpUrlIsAClearStartupError(String value) {
        assertThatThrownBy(() -> new CallbackUrls(value, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("filebridge.public-url must be an absolute http(s) URL")
                .hasMessageContaining(value);
    }

    @Test
    void tokensAreUrlSafeUnguessableAndNeverRepeat() {
        CallbackUrls urls = new CallbackUrls("https://fb.example.com", null);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = urls.newToken();
            assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 32 bytes = 256 bits, base64url without padding
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void aVendorAnswerEchoingTheCallbackUrlKeepsItWithTheTokenMasked() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String token = "tok3n_TOK3N-abcdefghijklmnopqrstuvwxyz0123";
        String url = "https://fb.example.com/callbacks/phrase/" + token;
        var answer = json.readTree("{\"uid\":\"u1\",\"metadata\":{\"callbackUrl\":\"" + url + "\","
                + "\"targetLangs\":[{\"code\":\"cs\"}]},\"echo\":[\"" + token + "\"]}");

        var masked = CallbackUrls.withoutToken(answer, url);

        assertThat(masked.toString()).doesNotContain(token);
        assertThat(masked.at("/metadata/callbackUrl").asText()).isEqualTo("https://fb.example.com/callbacks/phrase/***");
        assertThat(masked.at("/echo/0").asText()).isEqualTo("***");
        assertThat(masked.at("/metadata/targetLangs/0/code").asText()).isEqualTo("cs");
        assertThat(answer.toString()).as("the answer itself is left alone").contains(token);
        assertThat(CallbackUrls.withoutToken(answer, null)).isSameAs(answer);
    }
}
