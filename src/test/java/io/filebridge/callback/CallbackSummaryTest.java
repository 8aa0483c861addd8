package io.filebridge.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.VendorSettings;
import io.filebridge.secrets.SecretRedactor;
import org.junit.jupiter.api.Test;

/** What the ledger keeps of a callback body: short, redacted, never the whole body. */
class CallbackSummaryTest {

    static final String SECRET = "configured-api-token-123";

    private final CallbackSummary summary = new CallbackSummary(new ObjectMapper(), new SecretRedactor(List.of(
            new VendorSettings() {
                @Override
                public List<String> missingCredentials() {
                    return List.of();
                }

                @Override
                public List<String> secrets() {
                    return List.of(SECRET);
                }

                @Override
                public List<String> credentialVariables() {
                    return List.of();
                }
            })));

    @Test
    void jsonIsKeptAsJsonWithCredentialLikeFieldsMasked() {
        String body = "{\"uid\":\"U1\",\"status\":\"OK\",\"access_token\":\"abc\",\"nested\":{\"clientSecret\":\"s\","
                + "\"Password\":\"p\",\"x-signature\":\"sig\"},\"apiKey\":null}";

        String text = summarize(body, "application/json", "A".repeat(43));

        assertThat(text).startsWith("webhook, " + body.length() + " bytes, application/json: ")
                .contains("\"uid\":\"U1\"").contains("\"status\":\"OK\"").contains("\"access_token\":\"***\"")
                .contains("\"clientSecret\":\"***\"").contains("\"Password\":\"***\"")
                .contains("\"x-signature\":\"***\"").doesNotContain("\"abc\"").doesNotContain("\"sig\"");
    }

    @Test
    void configuredSecretsTheCallbackTokenAndJwtsAreMaskedAnywhere() {
        String token = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";
        String body = "{\"note\":\"echo " + SECRET + "\",\"url\":\"https://fb/callbacks/x/" + token + "\","
                + "\"b\":\"Bearer eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl\"}";

        String text = summarize(body, "application/json", token);

        assertThat(text).doesNotContain(SECRET).doesNotContain(token).doesNotContain("eyJhbGciOi")
                .contains("echo ***").contains("Bearer ***");
    }

    @Test
    void longStringsLongArraysAndDeepNestingAreCutAndTheWholeIsCapped() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            items.append(i == 0 ? "" : ",").append(i);
        }
        String body = "{\"long\":\"" + "y".repeat(5000) + "\",\"items\":[" + items + "],"
                + "\"a\":{\"b\":{\"c\":{\"d\":{\"e\":\"deep\"}}}}}";

        String text = summarize(body, "application/json", null);

        assertThat(text).contains("y".repeat(200) + "…").doesNotContain("y".repeat(201))
                .contains("\"… 40 more\"").contains("{…}").doesNotContain("deep");
        assertThat(text.length()).isLessThanOrEqualTo(CallbackSummary.MAX_CHARS);

        String many = "{" + "\"k%d\":\"v\",".repeat(400).formatted(java.util.stream.IntStream.range(0, 400).boxed()
                .toArray()) + "\"end\":1}";
        assertThat(summarize(many, "application/json", null)).hasSize(CallbackSummary.MAX_CHARS).endsWith("…");
    }

    @Test
    void otherBodiesAreAPrintablePrefix() {
        String text = summarize("status=OK&uid=U1\r\n\u0000" + "z".repeat(500), "application/x-www-form-urlencoded",
                null);

        assertThat(text).contains("application/x-www-form-urlencoded: status=OK&uid=U1   z")
                .doesNotContain("\r").doesNotContain("\u0000").endsWith("…").doesNotContain("z".repeat(200));
        assertThat(summary.summarize(null, new byte[0], "0", null)).isEqualTo("webhook, 0 bytes: ");
    }

    private String summarize(String body, String contentType, String token) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return summary.summarize(contentType, bytes, Integer.toString(bytes.length), token);
    }
}
