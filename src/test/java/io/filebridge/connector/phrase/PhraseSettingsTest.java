package io.filebridge.connector.phrase;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Region and base URL, which credentials count as complete, and the startup error for a wrong region. */
class PhraseSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PhraseSettings.class)
    static class Config {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void theDefaultIsTheEuDataCentre() {
        PhraseSettings settings = bind(Map.of());

        assertThat(settings.getRegion()).isEqualTo("eu");
        assertThat(settings.getBaseUrl()).isEqualTo(URI.create("https://eu.phrase.com"));
        assertThat(settings.resolve(PhraseConnectorsVendor.UPLOAD_PATH))
                .isEqualTo(URI.create("https://eu.phrase.com/connectors/files/v1/async/upload-file"));
        assertThat(settings.resolve(PhraseTokenExchange.PATH)).isEqualTo(URI.create("https://eu.phrase.com/idm/oauth/token"));
        assertThat(settings.resolve(PhraseLogin.PATH))
                .isEqualTo(URI.create("https://eu.phrase.com/smt/api/v1/auth/login"));
    }

    @Test
    void theUsRegionPicksTheUsOriginAndABlankRegionIsTheDefault() {
        assertThat(bind(Map.of("region", "US")).getBaseUrl()).isEqualTo(URI.create("https://us.phrase.com"));
        assertThat(bind(Map.of("region", " us ")).getRegion()).isEqualTo("us");
        assertThat(bind(Map.of("region", "")).getBaseUrl()).isEqualTo(URI.create("https://eu.phrase.com"));
    }

    @Test
    void anExplicitBaseUrlWinsOverTheRegionWhateverTheOrderAndABlankOneFallsBack() {
        PhraseSettings baseFirst = new PhraseSettings();
        baseFirst.setBaseUrl(URI.create("http://localhost:8080/sandbox/phrase/"));
        baseFirst.setRegion("us");
        PhraseSettings regionFirst = new PhraseSettings();
        regionFirst.setRegion("us");
        regionFirst.setBaseUrl(URI.create("http://localhost:8080/sandbox/phrase"));

        assertThat(baseFirst.resolve("/idm/oauth/token"))
                .isEqualTo(URI.create("http://localhost:8080/sandbox/phrase/idm/oauth/token"));
        assertThat(regionFirst.getBaseUrl()).isEqualTo(URI.create("http://localhost:8080/sandbox/phrase"));
        assertThat(bind(Map.of("region", "us", "base-url", "")).getBaseUrl())
                .isEqualTo(URI.create("https://us.phrase.com"));
    }

    @Test
    void anInvalidRegionStopsTheStartWithAClearMessage() {
        context.withPropertyValues("filebridge.vendors.phrase.region=asia").run(started -> {
            assertThat(started).hasFailed();
            assertThat(rootMessage(started.getStartupFailure()))
                    .contains("filebridge.vendors.phrase.region must be eu or us").contains("'asia'");
        });
        context.withPropertyValues("filebridge.vendors.phrase.region=us").run(started ->
                assertThat(started.getBean(PhraseSettings.class).getBaseUrl())
                        .isEqualTo(URI.create("https://us.phrase.com")));
    }

    @Test
    void anApiTokenIsEnoughAndWinsOverTheLogin() {
        PhraseSettings settings = bind(Map.of("api-token", "tok", "username", "u", "password", "p",
                "organization-uid", "o"));

        assertThat(settings.missingCredentials()).isEmpty();
        assertThat(settings.usesApiToken()).isTrue();
        assertThat(settings.usesLogin()).isFalse();
        assertThat(settings.credentialVariables()).containsExactly("PHRASE_API_TOKEN");
        assertThat(settings.secrets()).containsExactlyInAnyOrder("tok", "p");
    }

    @Test
    void theFullLoginTripleIsEnoughWithoutAnApiToken() {
        PhraseSettings settings = bind(Map.of("api-token", " ", "username", "u", "password", "secret-pw",
                "organization-uid", "o"));

        assertThat(settings.missingCredentials()).isEmpty();
        assertThat(settings.usesLogin()).isTrue();
        assertThat(settings.credentialVariables())
                .containsExactly("PHRASE_USERNAME", "PHRASE_PASSWORD", "PHRASE_ORGANIZATION_UID");
        assertThat(settings.secrets()).containsExactly("secret-pw");
    }

    @Test
    void nothingOrAnIncompleteLoginIsMissingCredentialsNamingTheVariables() {
        assertThat(bind(Map.of()).missingCredentials()).singleElement().asString()
                .contains("PHRASE_API_TOKEN").contains("PHRASE_USERNAME").contains("PHRASE_PASSWORD")
                .contains("PHRASE_ORGANIZATION_UID").doesNotContain("incomplete");
        assertThat(bind(Map.of("username", "u", "password", "p")).missingCredentials()).singleElement().asString()
                .contains("the login is incomplete: PHRASE_ORGANIZATION_UID unset");
        assertThat(bind(Map.of("username", "u", "password", "p")).secrets()).containsExactly("p");
    }

    @Test
    void toStringShowsNoSecret() {
        assertThat(bind(Map.of("api-token", "tok-secret", "password", "pw-secret")).toString())
                .doesNotContain("tok-secret").doesNotContain("pw-secret");
    }

    private static PhraseSettings bind(Map<String, String> properties) {
        Map<String, String> prefixed = new java.util.HashMap<>();
        properties.forEach((k, v) -> prefixed.put("filebridge.vendors.phrase." + k, v));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate("filebridge.vendors.phrase", PhraseSettings.class);
    }

    private static String rootMessage(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
