package io.filebridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.filebridge.sandbox.emulator.EmulatorServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Without the sandbox profile nothing of the emulators exists: no emulator started, no vendor URL pointed at one, no
 * listings, no settings bound. Why: the emulators ship in the product jar, and production must never talk to them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SandboxTestApplication.class,
        properties = SandboxTestApplication.ISOLATED_CONFIG)
class SandboxProfileOffTest {

    @LocalServerPort
    private int port;
    @Autowired
    private ApplicationContext context;

    @Test
    void emulatorEndpointsAreNotServed() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + port + "/sandbox/sendcloud";

        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/dsf/files"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b--\r\n")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> listing = http.send(HttpRequest.newBuilder(URI.create(base + "/uploads")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> violations = http.send(HttpRequest.newBuilder(URI.create(base + "/violations")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(upload.statusCode()).isEqualTo(404);
        assertThat(listing.statusCode()).isEqualTo(404);
        assertThat(violations.statusCode()).isEqualTo(404);
        HttpResponse<String> translations = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/sandbox/phrase/translations")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(translations.statusCode()).isEqualTo(404);
    }

    @Test
    void noEmulatorBeansOrSettings() {
        assertThat(context.getBeansOfType(EmulatorServer.class)).isEmpty();
        assertThat(context.getBeansOfType(SandboxProperties.class)).isEmpty();
        assertThat(context.getBeansOfType(SandboxEmulators.class)).isEmpty();
        assertThat(context.getBeansOfType(SandboxListingsController.class)).isEmpty();
    }

    @Test
    void noVendorIsPointedAtAnEmulator() {
        ConfigurableEnvironment environment = (ConfigurableEnvironment) context.getEnvironment();

        assertThat(environment.getPropertySources().contains(SandboxEmulatorsStarter.PROPERTY_SOURCE)).isFalse();
        assertThat(environment.getProperty("filebridge.vendors.sendcloud.base-url", "")).doesNotContain("127.0.0.1");
        assertThat(environment.getProperty("filebridge.vendors.phrase.base-url", "")).doesNotContain("127.0.0.1");
    }
}
