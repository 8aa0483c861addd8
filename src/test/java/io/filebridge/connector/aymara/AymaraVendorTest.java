package io.filebridge.connector.aymara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.UploadContext;
import io.filebridge.connector.VendorCallFailed;
import io.filebridge.files.SourceFile;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Aymara's settings, request and error envelope, without a server. */
class AymaraVendorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SourceFile FILE = new SourceFile(Path.of("a.pdf"), "a.pdf", "a.pdf", 3, "ab",
            "application/pdf");

    @Test
    void theEnvironmentPicksTheBaseUrlUnlessBaseUrlIsSet() {
        assertThat(bind(Map.of("api-key", "k")).getBaseUrl()).isEqualTo(URI.create("https://api.aymara.ai"));
        assertThat(bind(Map.of("environment", "staging")).getBaseUrl())
                .isEqualTo(URI.create("https://staging-api.aymara.ai"));
        assertThat(bind(Map.of("environment", " Production ")).getBaseUrl())
                .isEqualTo(URI.create("https://api.aymara.ai"));
        assertThat(bind(Map.of("environment", "staging", "base-url", "http://localhost:9/aymara")).getBaseUrl())
                .isEqualTo(URI.create("http://localhost:9/aymara"));
        assertThat(bind(Map.of("environment", "staging", "base-url", "")).getBaseUrl())
                .isEqualTo(URI.create("https://staging-api.aymara.ai"));
    }

    @Test
    void anUnknownEnvironmentIsRefusedNamingTheSettingAndTheValidValues() {
        assertThatThrownBy(() -> bind(Map.of("environment", "prod")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("filebridge.vendors.aymara.environment is 'prod'")
                .hasMessageContaining("production")
                .hasMessageContaining("staging")
                .hasMessageContaining("base-url");
    }

    @Test
    void sendsWhicheverCredentialsAreSet() throws Exception {
        assertThat(vendor(Map.of("api-key", "key-1")).authenticator().headers())
                .isEqualTo(Map.of("x-api-key", "key-1"));
        assertThat(vendor(Map.of("bearer-token", "tok-1")).authenticator().headers())
                .isEqualTo(Map.of("Authorization", "Bearer tok-1"));
        assertThat(vendor(Map.of("api-key", "key-1", "bearer-token", "tok-1")).authenticator().headers())
                .isEqualTo(Map.of("x-api-key", "key-1", "Authorization", "Bearer tok-1"));
    }

    @Test
    void withoutCredentialsBothVariablesAreNamed() {
        AymaraSettings none = bind(Map.of("api-key", " "));

        assertThat(none.missingCredentials()).singleElement().asString()
                .contains("AYMARA_API_KEY").contains("AYMARA_BEARER_TOKEN");
        assertThat(none.credentialVariables()).containsExactly("AYMARA_API_KEY", "AYMARA_BEARER_TOKEN");
        assertThat(bind(Map.of("bearer-token", "tok-1")).credentialVariables()).containsExactly("AYMARA_BEARER_TOKEN");
        assertThat(bind(Map.of("api-key", "key-1", "bearer-token", "tok-1")).secrets())
                .containsExactly("key-1", "tok-1");
        assertThatThrownBy(() -> new AymaraVendor(none, JSON).authenticator())
                .hasMessageContaining("AYMARA_API_KEY");
    }

    @Test
    void theWorkspaceGoesIntoTheQueryOnlyWhenSet() {
        var context = new UploadContext("p", 1, "r");

        assertThat(vendor(Map.of("api-key", "k")).uploadCall(FILE, context).uri())
                .isEqualTo(URI.create("https://api.aymara.ai/v2/files/-/uploads"));
        assertThat(vendor(Map.of("api-key", "k", "workspace-uuid", "ws 1/ü", "base-url", "http://h:1/x/"))
                .uploadCall(FILE, context).uri())
                .isEqualTo(URI.create("http://h:1/x/v2/files/-/uploads?workspace_uuid=ws+1%2F%C3%BC"));
    }

    @Test
    void theFileUuidIsTheVendorId() throws Exception {
        AymaraVendor vendor = vendor(Map.of("api-key", "k"));

        assertThat(vendor.vendorId(FILE, JSON.readTree("{\"file_uuid\":\"f-1\",\"file_url\":null}"))).isEqualTo("f-1");
        assertThatThrownBy(() -> vendor.vendorId(FILE, JSON.readTree("{\"file_uuid\":null}")))
                .isInstanceOf(VendorCallFailed.class).hasMessageContaining("no file_uuid");
    }

    @Test
    void errorTextCarriesCodeMessageDetailsAndRequestId() {
        AymaraVendor vendor = vendor(Map.of("api-key", "k"));

        assertThat(vendor.errorText(new HttpAnswer(422, Map.of(), "{\"error\":{\"code\":\"validation.invalid_format\","
                + "\"message\":\"bad file\",\"details\":{\"field\":\"file\"}},\"request_id\":\"req_9\"}")))
                .isEqualTo("validation.invalid_format: bad file (details: {\"field\":\"file\"}) [request_id req_9]");
        assertThat(vendor.errorText(new HttpAnswer(500, Map.of(),
                "{\"error\":{\"code\":\"server.internal_error\",\"message\":\"oops\",\"request_id\":\"req_in\"}}")))
                .as("the request id inside the error object").isEqualTo("server.internal_error: oops [request_id req_in]");
        assertThat(vendor.errorText(new HttpAnswer(502, Map.of(), "<html>Bad gateway</html>")))
                .isEqualTo("<html>Bad gateway</html>");
    }

    private static AymaraVendor vendor(Map<String, String> properties) {
        return new AymaraVendor(bind(properties), JSON);
    }

    private static AymaraSettings bind(Map<String, String> properties) {
        var source = new MapConfigurationPropertySource();
        properties.forEach((key, value) -> source.put("filebridge.vendors.aymara." + key, value));
        return new Binder(source).bindOrCreate("filebridge.vendors.aymara", AymaraSettings.class);
    }
}
