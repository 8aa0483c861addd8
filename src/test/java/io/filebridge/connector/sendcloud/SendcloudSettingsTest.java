package io.filebridge.connector.sendcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code uploads-per-minute} is an alias of {@code requests-per-minute}: it applies only while that is not set, so
 * the result never depends on the order in which the two are bound.
 */
class SendcloudSettingsTest {

    @Test
    void withoutEitherSettingTheLimitIsSendcloudsDocumented30() {
        assertThat(bind(Map.of()).getRequestsPerMinute()).isEqualTo(30);
    }

    @Test
    void eitherNameAloneSetsTheLimit() {
        assertThat(bind(Map.of("requests-per-minute", "12")).getRequestsPerMinute()).isEqualTo(12);
        assertThat(bind(Map.of("uploads-per-minute", "4")).getRequestsPerMinute()).isEqualTo(4);
        assertThat(bind(Map.of("uploads-per-minute", "4")).getUploadsPerMinute()).isEqualTo(4);
    }

    @Test
    void whenBothAreSetRequestsPerMinuteWinsWhicheverIsBoundFirst() {
        assertThat(bind(Map.of("requests-per-minute", "12", "uploads-per-minute", "4")).getRequestsPerMinute())
                .isEqualTo(12);

        SendcloudSettings aliasFirst = new SendcloudSettings();
        aliasFirst.setUploadsPerMinute(4);
        aliasFirst.setRequestsPerMinute(12);
        SendcloudSettings aliasLast = new SendcloudSettings();
        aliasLast.setRequestsPerMinute(12);
        aliasLast.setUploadsPerMinute(4);

        assertThat(aliasFirst.getRequestsPerMinute()).isEqualTo(12);
        assertThat(aliasLast.getRequestsPerMinute()).isEqualTo(12);
    }

    private static SendcloudSettings bind(Map<String, String> settings) {
        var source = new MapConfigurationPropertySource();
        settings.forEach((name, value) -> source.put("filebridge.vendors.sendcloud." + name, value));
        return new Binder(source).bindOrCreate("filebridge.vendors.sendcloud", Bindable.of(SendcloudSettings.class));
    }
}
