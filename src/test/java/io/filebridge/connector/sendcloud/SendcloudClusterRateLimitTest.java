package io.filebridge.connector.sendcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.emulator.RecordedRequest;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.sandbox.sendcloud.SendcloudUpload;
import io.filebridge.testsupport.HotFolder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three instances on one PostgreSQL ledger, one Sendcloud credential, each with its own hot folder: the vendor's
 * limit holds for the three together, checked at the contract server, which answers 429 past it (counting exactly,
 * in a sliding window, as Sendcloud does). With per-instance limits the three would send three times the limit.
 */
class SendcloudClusterRateLimitTest {

    private static final int LIMIT = 5;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final int FILES_PER_INSTANCE = 6;

    @Test
    void threeInstancesTogetherKeepTheVendorsLimit() throws Exception {
        List<ConfigurableApplicationContext> instances = new ArrayList<>();
        try (SendcloudEmulator sendcloud = new SendcloudEmulator().uploadsPer(LIMIT, WINDOW).start();
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                // closed first: the instances stop while their ledger is still there
                AutoCloseable stopInstances = () -> instances.forEach(ConfigurableApplicationContext::close)) {
            String ledger = postgres.getJdbcUrl("postgres", "postgres");
            List<HotFolder> folders = new ArrayList<>();
            for (String node : List.of("node-a", "node-b", "node-c")) {
                HotFolder folder = HotFolder.create("cluster-limit-" + node);
                folders.add(folder);
                instances.add(PipelineTestSettings.startSendcloudApp(folder, ledger, sendcloud, Map.of(
                        "filebridge.instance-id", node,
                        "filebridge.vendors.sendcloud.requests-per-minute", LIMIT,
                        "filebridge.vendors.sendcloud.rate-limit-window", WINDOW.toMillis() + "ms")));
            }
            // a first file each, so that no measured request pays for a cold client (its first request can arrive
            // half a second after its permit, more than the client pads a two-second window with; a minute's window
            // is padded by 1.2 s); then wait until the vendor's window has forgotten them
            for (HotFolder folder : folders) {
                folder.drop("warm-up.txt", folder.inbox + " warm-up");
            }
            for (HotFolder folder : folders) {
                folder.awaitReceipt("warm-up.txt");
            }
            Instant warm = sendcloud.uploads().stream().map(SendcloudUpload::arrivedAt).max(Instant::compareTo)
                    .orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(warm.plus(WINDOW).plusMillis(500)));
            int before = sendcloud.requests().size();
            int uploadsBefore = sendcloud.uploads().size();

            for (HotFolder folder : folders) {
                for (int i = 0; i < FILES_PER_INSTANCE; i++) {
                    folder.drop("f-" + i + ".txt", folder.inbox + " file " + i);
                }
            }
            for (HotFolder folder : folders) {
                for (int i = 0; i < FILES_PER_INSTANCE; i++) {
                    folder.awaitReceipt("f-" + i + ".txt");
                }
            }

            List<RecordedRequest> uploads = sendcloud.requests().subList(before, sendcloud.requests().size()).stream()
                    .filter(r -> r.path().equals(SendcloudEmulator.UPLOAD_PATH)).toList();
            assertThat(uploads).as("no request was refused for the limit").noneMatch(r -> r.status() == 429);
            List<SendcloudUpload> measured = sendcloud.uploads().subList(uploadsBefore, sendcloud.uploads().size());
            assertThat(measured).hasSize(3 * FILES_PER_INSTANCE);
            List<Instant> arrivals = measured.stream().map(SendcloudUpload::arrivedAt).sorted().toList();
            for (Instant from : arrivals) {
                long inWindow = arrivals.stream().filter(t -> !t.isBefore(from) && t.isBefore(from.plus(WINDOW)))
                        .count();
                assertThat(inWindow).as("uploads within %s from %s", WINDOW, from).isLessThanOrEqualTo(LIMIT);
            }
            // 18 uploads at 5 per window: the three waited for each other
            assertThat(Duration.between(arrivals.get(0), arrivals.get(arrivals.size() - 1)))
                    .isGreaterThan(WINDOW.multipliedBy(3));
            assertThat(sendcloud.violations()).isEmpty();
        }
    }
}
