package io.filebridge.connector.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.UploadContext;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.files.SourceFile;
import org.junit.jupiter.api.Test;

/** Serial's request and the reading of its answer, without a server. */
class SerialVendorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SourceFile FILE = new SourceFile(Path.of("scan.png"), "scan.png", "scan.png", 1234, "ab",
            "image/png");

    private final SerialVendor vendor = new SerialVendor(settings("key-1234"));

    @Test
    void postsToFilesWithTheKeyAsBearer() throws Exception {
        var call = vendor.uploadCall(FILE, new UploadContext("p", 1, "r"));

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri()).isEqualTo(URI.create("https://api.serial.io/files"));
        assertThat(vendor.authenticator().headers()).isEqualTo(Map.of("Authorization", "Bearer key-1234"));
    }

    @Test
    void theStorageIdIsTheVendorIdWhenTheStoredSizeIsOurs() throws Exception {
        assertThat(vendor.vendorId(FILE, answer("{\"id\":\"u-1\",\"name\":\"u-1/scan.png\","
                + "\"metadata\":{\"size\":1234,\"contentLength\":\"1234\"}}"))).isEqualTo("u-1");
        assertThat(vendor.vendorId(FILE, answer("{\"id\":\"u-2\",\"metadata\":{}}")))
                .as("no size in the answer: nothing to compare").isEqualTo("u-2");
    }

    @Test
    void anotherStoredSizeFailsWithoutRetryNamingTheStoredObject() throws Exception {
        assertThatThrownBy(() -> vendor.vendorId(FILE, answer("{\"id\":\"u-3\",\"name\":\"u-3/scan.png\","
                + "\"metadata\":{\"size\":1000}}")))
                .isInstanceOfSatisfying(VendorCallFailed.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("1234 bytes sent").contains("metadata.size = 1000")
                            .contains("u-3").contains("u-3/scan.png");
                });
        assertThatThrownBy(() -> vendor.vendorId(FILE, answer("{\"id\":\"u-4\","
                + "\"metadata\":{\"contentLength\":\"12\"}}")))
                .isInstanceOf(VendorCallFailed.class).hasMessageContaining("metadata.contentLength = 12");
    }

    @Test
    void anAnswerWithoutIdFails() {
        assertThatThrownBy(() -> vendor.vendorId(FILE, answer("{\"name\":\"x\"}")))
                .isInstanceOf(VendorCallFailed.class).hasMessageContaining("no id");
    }

    @Test
    void errorsAreSerialsTextAsItCame() {
        assertThat(vendor.errorText(new HttpAnswer(401, Map.of(), ""))).isEmpty();
        assertThat(vendor.errorText(new HttpAnswer(500, Map.of(), " {\"message\":\"boom\"}\n")))
                .isEqualTo("{\"message\":\"boom\"}");
    }

    @Test
    void withoutAKeyTheVendorNamesTheVariable() {
        SerialSettings none = settings(" ");

        assertThat(none.missingCredentials()).singleElement().asString().contains("SERIAL_API_KEY");
        assertThat(none.secrets()).isEmpty();
        assertThat(settings("k").secrets()).containsExactly("k");
        assertThat(none.getRequestsPerMinute()).as("Serial documents no rate limit").isZero();
    }

    private static SerialSettings settings(String key) {
        SerialSettings settings = new SerialSettings();
        settings.setApiKey(key);
        return settings;
    }

    private static JsonNode answer(String json) throws Exception {
        return JSON.readTree(json);
    }
}
