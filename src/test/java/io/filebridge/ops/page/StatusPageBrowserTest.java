package io.filebridge.ops.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileEntry;
import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The status page at / in a real headless Chromium, against the whole application on a random port and a loopback
 * Sendcloud contract server: an operator sees a failed job with its error, retries it with the page's button and
 * watches it complete; hostile file names stay text; pause and resume; the banner when the API cannot be reached.
 * No login: with no operator password set, loopback requests are let in.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatusPageBrowserTest {

    static final String PIPELINE = "sendcloud-test";
    /** A legal file name on Linux that runs a script if anything renders it as HTML. */
    static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>.txt";
    /** The page refreshes every 5 s: two refreshes plus the pipeline's own work fit well inside this. */
    static final Duration PAGE_WAIT = Duration.ofSeconds(40);

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("status-page");
    static ChromeDriver browser;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "sendcloud.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "6000");
    }

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopAll() {
        if (browser != null) {
            browser.quit();
        }
        sendcloud.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void openPage() {
        browser.get("http://127.0.0.1:" + port + "/");
        waitFor("the page's first refresh", d -> !text(By.id("last-updated")).equals("not yet"));
    }

    @AfterEach
    void nothingLeftOver(org.junit.jupiter.api.TestInfo test) {
        HeadlessChromium.screenshot(browser, test.getTestMethod().orElseThrow().getName());
        assertThat(sendcloud.pendingFaults()).isZero();
        assertThat(sendcloud.violations()).isEmpty();
    }

    @Test
    void aFailedJobShowsItsErrorAndTheRetryButtonMakesItComplete() throws Exception {
        sendcloud.respondSendcloudError(413, "content_too_large", "File is too large.", "Content Too Large");
        folder.drop("scans/too big.pdf", "pretend this is large");
        long id = awaitJob("scans/too big.pdf").id();
        By failedRow = By.cssSelector("#failed-jobs tr[data-job-id='" + id + "']");

        waitFor("the failed job with its error", d -> rowCell(failedRow, ".error").contains("File is too large."));
        assertThat(rowCell(failedRow, ".http-status")).isEqualTo("413");
        assertThat(rowCell(failedRow, ".job-state")).isEqualTo("FAILED");
        assertThat(rowCell(failedRow, ".file-name")).isEqualTo("too big.pdf");
        assertThat(folder.failed("scans/too big.pdf")).exists();
        // the only file any test here fails
        By failedCount = By.cssSelector("#pipelines tr[data-pipeline-id='" + PIPELINE + "'] .count-failed");
        waitFor("the pipeline's failed count", d -> rowCell(failedCount, "").equals("1"));

        click(By.cssSelector("#failed-jobs tr[data-job-id='" + id + "'] button.retry"));

        By recentState = By.cssSelector("#recent-jobs tr[data-job-id='" + id + "'] .job-state");
        waitFor("the retried job to complete", d -> rowCell(recentState, "").equals("COMPLETED"));
        waitFor("the job to leave the failed list", d -> d.findElements(failedRow).isEmpty());
        waitFor("no failed file counted", d -> rowCell(failedCount, "").equals("0"));
        HotFolder.awaitExists(folder.done("scans/too big.pdf"));
        assertThat(Files.readString(folder.done("scans/too big.pdf"))).isEqualTo("pretend this is large");
        assertThat(folder.failed("scans/too big.pdf")).doesNotExist();
        assertThat(folder.errorReport("scans/too big.pdf")).doesNotExist();
        assertThat(sendcloud.attemptsFor(SendcloudEmulator.UPLOAD_PATH, "too big.pdf"))
                .extracting(r -> r.status()).containsExactly(413, 201);

        // the timeline on click: the refused attempt, then the retry
        click(By.cssSelector("#recent-jobs tr[data-job-id='" + id + "'] button.file-name"));
        waitFor("the job's timeline", d -> !d.findElements(By.cssSelector("#job-timeline tr[data-kind='RETRY']"))
                .isEmpty() && text(By.cssSelector("#job-detail .fact-state")).equals("COMPLETED"));
        List<WebElement> events = browser.findElements(By.cssSelector("#job-timeline tbody tr"));
        List<String> kinds = events.stream().map(e -> e.getAttribute("data-kind")).toList();
        int refused = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getText().contains("413")) {
                refused = i;
                break;
            }
        }
        assertThat(refused).as("a timeline event with the 413, in %s", kinds).isNotNegative();
        assertThat(kinds.indexOf("RETRY")).as("RETRY after the refused attempt in %s", kinds).isGreaterThan(refused);
        assertThat(browser.findElement(By.id("job-detail-title")).getText()).isEqualTo("Job " + id + ": too big.pdf");
    }

    @Test
    void aHostileFileNameIsShownAsTextAndTheFilterFindsIt() throws Exception {
        folder.drop("evil/" + HOSTILE_NAME, "hostile name");
        folder.drop("evil/harmless.txt", "harmless name");
        long id = awaitJob("evil/" + HOSTILE_NAME).id();
        awaitJob("evil/harmless.txt");
        By hostileName = By.cssSelector("#recent-jobs tr[data-job-id='" + id + "'] button.file-name");

        waitFor("the hostile file name", d -> rowCell(hostileName, "").equals(HOSTILE_NAME));

        assertThat(browser.findElements(By.tagName("img"))).as("no element made from a file name").isEmpty();
        assertNoAlert();
        click(hostileName);
        waitFor("its timeline", d -> text(By.id("job-detail-title")).equals("Job " + id + ": " + HOSTILE_NAME));
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertNoAlert();

        browser.findElement(By.id("filter")).sendKeys("ONERROR");
        waitFor("only the matching job in recent jobs", d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#recent-jobs tbody tr[data-job-id]"));
            return rows.size() == 1 && String.valueOf(id).equals(rows.get(0).getAttribute("data-job-id"));
        });
    }

    @Test
    void pauseAndResumeFromThePage() {
        By state = By.cssSelector("#pipelines tr[data-pipeline-id='" + PIPELINE + "'] .pipeline-state");
        waitFor("the pipeline running", d -> rowCell(state, "").startsWith("RUNNING"));

        click(By.cssSelector("#pipelines tr[data-pipeline-id='" + PIPELINE + "'] button.pause"));
        waitFor("the pipeline paused", d -> rowCell(state, "").startsWith("PAUSED"));
        click(By.cssSelector("#pipelines tr[data-pipeline-id='" + PIPELINE + "'] button.resume"));
        waitFor("the pipeline running again", d -> rowCell(state, "").startsWith("RUNNING"));
    }

    @Test
    void theInstancesAndTheFilesTheyHoldAreShown() {
        String dead = java.util.UUID.randomUUID().toString();
        java.time.OffsetDateTime longAgo = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1);
        jdbc.update("insert into fb_instance (run_id, instance_id, host, pid_scope, pid, process_start, joined_at,"
                + " heartbeat_at) values (?, 'node-gone', 'other-host', null, 4242, null, ?, ?)", dead, longAgo,
                longAgo);
        jdbc.update("insert into fb_file_claim (claim_key, inbox_id, relative_path, pipeline, run_id, claimed_at)"
                + " values (?, 'marker:test', ?, ?, ?, ?)", "f".repeat(64), HOSTILE_NAME, PIPELINE, dead, longAgo);
        try {
            By self = By.cssSelector("#instances tr[data-instance-id='" + ledger.instanceId() + "']");
            By gone = By.cssSelector("#instances tr[data-instance-id='node-gone']");
            waitFor("this instance alive", d -> rowCell(self, ".instance-state").startsWith("ALIVE")
                    && rowCell(self, "th").endsWith("(this one)"));
            waitFor("the dead instance with the reason", d -> rowCell(gone, ".instance-state").startsWith("DEAD")
                    && rowCell(gone, ".instance-state").contains("heartbeat")
                    && rowCell(gone, ".files-held").equals("1"));
            waitFor("the file it holds, as text", d -> rowCell(By.cssSelector("#claims tbody tr"), ".path")
                    .equals(HOSTILE_NAME));
            assertNoAlert();
        } finally {
            jdbc.update("delete from fb_file_claim where run_id = ?", dead);
            jdbc.update("delete from fb_instance where run_id = ?", dead);
        }
    }

    @Test
    void anUnreachableApiShowsTheBannerUntilItAnswersAgain() {
        String before = text(By.id("last-updated"));
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/*")));
        try {
            waitFor("the error banner", d -> d.findElement(By.id("banner")).isDisplayed()
                    && text(By.id("banner")).contains("cannot be reached"));
            assertThat(text(By.id("last-updated"))).isEqualTo(before);
        } finally {
            browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }
        waitFor("the banner gone", d -> !d.findElement(By.id("banner")).isDisplayed());
    }

    private FileEntry awaitJob(String relativePath) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> ledger.findByPipeline(PIPELINE).stream().filter(f -> f.relativePath().equals(relativePath))
                        .findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /** Waits on the page, with a screenshot under target/screenshots when it times out. */
    private void waitFor(String what, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(browser, PAGE_WAIT).withMessage(what)
                    .ignoring(StaleElementReferenceException.class).until(condition);
        } catch (TimeoutException e) {
            HeadlessChromium.screenshot(browser, "timeout-" + what.replaceAll("[^a-zA-Z0-9]+", "-"));
            throw e;
        }
    }

    /** The page re-renders a table when its data changes: find and click in one step, again if the row was replaced. */
    private void click(By button) {
        waitFor("to click " + button, d -> {
            List<WebElement> found = d.findElements(button);
            if (found.isEmpty() || !found.get(0).isEnabled()) {
                return false;
            }
            found.get(0).click();
            return true;
        });
    }

    /** Text of the first element {@code row} finds, or of the element inside it; "" when none is there (yet). */
    private String rowCell(By row, String inner) {
        List<WebElement> rows = browser.findElements(row);
        if (rows.isEmpty()) {
            return "";
        }
        if (inner.isEmpty()) {
            return rows.get(0).getText().trim();
        }
        List<WebElement> cells = rows.get(0).findElements(By.cssSelector(inner));
        return cells.isEmpty() ? "" : cells.get(0).getText().trim();
    }

    private String text(By by) {
        return browser.findElement(by).getText().trim();
    }

    private void assertNoAlert() {
        try {
            browser.switchTo().alert();
            throw new AssertionError("a file name ran a script: an alert is open");
        } catch (NoAlertPresentException expected) {
            // the name stayed text
        }
    }
}
