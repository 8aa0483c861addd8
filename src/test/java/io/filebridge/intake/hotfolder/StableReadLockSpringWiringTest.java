package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring wiring: two YAML routes that both say {@code exclusiveReadLockStrategy: "#stableReadLock"} get one
 * {@link StableFileReadLock} each, configured from {@code filebridge.intake.quiet-period} or the endpoint's
 * {@code readLockMinAge}.
 */
@CamelSpringBootTest
@SpringBootTest(classes = StableReadLockSpringWiringTest.IntakeOnly.class, properties = {
        "filebridge.intake.quiet-period=700ms",
        "camel.main.routes-include-pattern=classpath:io/filebridge/intake/two-hot-folders.camel.yaml"})
class StableReadLockSpringWiringTest {

    private static final Path DIR = Path.of("target", "intake-spring", UUID.randomUUID().toString());

    /** Only Camel and the intake beans: not the application with its database, web server and other routes. */
    @SpringBootConfiguration
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    @Import(IntakeConfiguration.class)
    static class IntakeOnly {
    }

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        registry.add("intake.test.dir", DIR::toString);
    }

    @Autowired
    CamelContext camelContext;

    @Autowired
    ApplicationContext applicationContext;

    @Test
    void eachEndpointGetsItsOwnPrototypeInstance() {
        GenericFileExclusiveReadLockStrategy<?> a = strategyOf("hot-folder-a");
        GenericFileExclusiveReadLockStrategy<?> b = strategyOf("hot-folder-b");

        assertThat(a).isInstanceOf(StableFileReadLock.class);
        assertThat(b).isInstanceOf(StableFileReadLock.class);
        assertThat(a).isNotSameAs(b);
        assertThat(applicationContext.getBean(IntakeConfiguration.STABLE_READ_LOCK))
                .isNotSameAs(applicationContext.getBean(IntakeConfiguration.STABLE_READ_LOCK))
                .isNotIn(a, b);
    }

    @Test
    void quietPeriodComesFromThePropertyUnlessTheEndpointSetsReadLockMinAge() {
        StableFileReadLock a = (StableFileReadLock) strategyOf("hot-folder-a");
        StableFileReadLock b = (StableFileReadLock) strategyOf("hot-folder-b");

        // readLockMinAge is read when the consumer first polls (prepareOnStartup)
        await().atMost(Duration.ofSeconds(5)).until(() -> b.getQuietPeriod().equals(Duration.ofMillis(1500)));
        assertThat(a.getQuietPeriod()).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void filesAreDeliveredThroughBothRoutes() throws Exception {
        MockEndpoint mockA = camelContext.getEndpoint("mock:a", MockEndpoint.class);
        MockEndpoint mockB = camelContext.getEndpoint("mock:b", MockEndpoint.class);
        mockA.expectedHeaderReceived(Exchange.FILE_NAME, "sub/for-a.txt");
        mockB.expectedHeaderReceived(Exchange.FILE_NAME, "for-b.txt");

        Files.createDirectories(DIR.resolve("a/sub"));
        Files.createDirectories(DIR.resolve("b"));
        Files.writeString(DIR.resolve("a/sub/for-a.txt"), "a");
        Files.writeString(DIR.resolve("b/for-b.txt"), "b");

        MockEndpoint.assertIsSatisfied(camelContext, 10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(2)).until(() -> Files.exists(DIR.resolve("a/sub/.done/for-a.txt"))
                && Files.exists(DIR.resolve("b/.done/for-b.txt")));
    }

    private GenericFileExclusiveReadLockStrategy<?> strategyOf(String routeId) {
        return ((FileEndpoint) camelContext.getRoute(routeId).getEndpoint()).getExclusiveReadLockStrategy();
    }
}
