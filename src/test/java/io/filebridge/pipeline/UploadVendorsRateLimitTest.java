package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.filebridge.FilebridgeApplication;
import io.filebridge.sandbox.emulator.EmulatorServer;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code requests-per-minute} binds every upload vendor the same way, with the window shrunk to two seconds so the
 * test is quick: however many files arrive and however many upload threads run, no vendor's server sees more
 * uploads in any window than allowed. The vendors run at once; each has its own limit.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class)
class UploadVendorsRateLimitTest {

    static final int LIMIT = 4;
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final int FILES = 12;
    static final AllVendorServers vendors = new AllVendorServers();
    static final HotFolder folder = HotFolder.create("all-vendors-rate");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        vendors.register(registry, folder);
        AllVendorServers.forEveryVendor(registry, "requests-per-minute", Integer.toString(LIMIT));
        AllVendorServers.forEveryVendor(registry, "rate-limit-window", WINDOW.toSeconds() + "s");
        AllVendorServers.forEveryVendor(registry, "concurrency", "4");
    }

    @AfterAll
    static void stopServers() {
        vendors.close();
    }

    @Test
    void noVendorsServerSeesMoreUploadsInAnyWindowThanItsLimit() throws Exception {
        for (String vendor : vendors.byVendor.keySet()) {
            for (int i = 0; i < FILES; i++) {
                folder.drop(vendor + "/rate/" + i + ".txt", "rate limited content " + i + " for " + vendor);
            }
        }
        for (String vendor : vendors.byVendor.keySet()) {
            for (int i = 0; i < FILES; i++) {
                folder.awaitReceipt(vendor + "/rate/" + i + ".txt");
            }
        }

        for (String vendor : vendors.byVendor.keySet()) {
            EmulatorServer server = vendors.byVendor.get(vendor);
            String uploadPath = AllVendorServers.UPLOAD_PATHS.get(vendor);
            int busiestWindow = server.maxRequestsWithin(WINDOW, r -> r.path().equals(uploadPath));
            assertThat(server.requests()).filteredOn(r -> r.path().equals(uploadPath)).as(vendor).hasSize(FILES);
            assertThat(busiestWindow).as("%s uploads in the busiest window", vendor).isLessThanOrEqualTo(LIMIT);
            // the limiter, not slowness, is what spaced them: at full speed 12 small uploads take well under a second
            assertThat(busiestWindow).as("%s uploads in the busiest window", vendor).isGreaterThanOrEqualTo(LIMIT - 1);
            assertThat(server.violations()).as("%s contract violations", vendor).isEmpty();
        }
    }
}
