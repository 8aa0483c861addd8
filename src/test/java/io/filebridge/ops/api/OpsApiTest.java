package io.filebridge.ops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.filebridge.FilebridgeApplication;
import io.filebridge.ledger.FileState;
import io.filebridge.pipeline.PipelineTestSettings;
import io.filebridge.sandbox.sendcloud.SendcloudEmulator;
import io.filebridge.testsupport.HotFolder;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The /api contract against the whole application on a random port, with two Sendcloud pipelines (and one the
 * validator refuses) uploading to a loopback contract server. No password is set: loopback access.
 */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class OpsApiTest {

    static final SendcloudEmulator sendcloud = new SendcloudEmulator().start();
    static final HotFolder folder = HotFolder.create("ops-api");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        PipelineTestSettings.register(registry, folder, "ops-api.camel.yaml");
        PipelineTestSettings.sendcloud(registry, sendcloud);
        registry.add("filebridge.vendors.sendcloud.uploads-per-minute", () -> "6000");
        registry.add("filebridge.ops.password", () -> "");
    }

    @AfterAll
    static void stopServer() {
        sendcloud.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    MockMvc mvc;

    ApiClient api;

    /** Each test's files carry this tag in their names, so its searches see only its own jobs. */
    String tag;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        tag = "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void everyPipelineRunsAgainAndNoFaultIsLeft() {
        api.post("/api/pipelines/ops-a/resume");
        assertThat(sendcloud.pendingFaults()).isZero();
        assertThat(sendcloud.violations()).isEmpty();
    }

    @Test
    void pipelinesAreListedWithSourceVendorStateAndEveryCount() throws Exception {
        Map<String, Long> before = counts("ops-a");
        for (int i = 0; i < 3; i++) {
            folder.drop("a/" + tag + "-" + i + ".txt", tag + " content " + i);
        }
        awaitJobs("pipeline=ops-a&state=COMPLETED&q=" + tag, 3);

        JsonNode a = pipeline("ops-a");
        assertThat(a.path("state").asText()).isEqualTo("RUNNING");
        assertThat(a.path("problem").isNull()).isTrue();
        assertThat(a.path("vendor").asText()).isEqualTo("sendcloud");
        assertThat(a.path("source").asText()).startsWith("file:").contains(folder.inbox.resolve("a").toString());
        assertThat(a.path("counts").size()).as("every FileState is a key").isEqualTo(FileState.values().length);
        assertThat(counts("ops-a").get("COMPLETED")).isEqualTo(before.get("COMPLETED") + 3);

        JsonNode refused = pipeline("ops-refused");
        assertThat(refused.path("state").asText()).isEqualTo("REFUSED");
        assertThat(refused.path("problem").asText()).contains("moveFailed");
        assertThat(api.post("/api/pipelines/ops-refused/pause").status()).isEqualTo(409);
        ApiClient.Answer unknown = api.post("/api/pipelines/no-such/pause");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).contains("no-such");
    }

    @Test
    void jobsAreFilteredByPipelineStateTextAndTimeAndPagedNewestFirst() throws Exception {
        Instant start = Instant.now();
        sendcloud.respondSendcloudError(413, "content_too_large", "File is too large.", "Content Too Large");
        folder.drop("b/" + tag + "-big.pdf", tag + " too large");
        awaitJobs("pipeline=ops-b&state=FAILED&q=" + tag, 1);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            names.add("Sub/" + tag.toUpperCase() + "-Report-" + i + ".csv");
            folder.drop("a/" + names.get(i), tag + " report " + i);
            // one at a time, so that receive order (newest first) is known
            awaitJobs("pipeline=ops-a&state=COMPLETED&q=" + tag, i + 1);
        }

        JsonNode failed = api.get("/api/jobs?state=failed&q=" + tag).json();
        assertThat(failed.path("total").asLong()).isEqualTo(1);
        JsonNode job = failed.path("items").get(0);
        assertThat(job.path("pipeline").asText()).isEqualTo("ops-b");
        assertThat(job.path("vendor").asText()).isEqualTo("sendcloud");
        assertThat(job.path("fileName").asText()).isEqualTo(tag + "-big.pdf");
        assertThat(job.path("lastHttpStatus").asInt()).isEqualTo(413);
        assertThat(job.path("lastError").asText()).contains("413");
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        assertThat(job.path("retryable").asBoolean()).isTrue();
        assertThat(job.path("finishedAt").isNull()).isFalse();
        assertThat(job.path("vendorId").isNull()).isTrue();

        // text matches file name or path, case-insensitive; the pipeline filter narrows
        JsonNode reports = api.get("/api/jobs?pipeline=ops-a&q=" + tag + "-report").json();
        assertThat(reports.path("total").asLong()).isEqualTo(3);
        assertThat(reports.path("items").findValuesAsText("relativePath")).containsExactly(names.get(2),
                names.get(1), names.get(0));
        assertThat(reports.path("items").get(0).path("state").asText()).isEqualTo("COMPLETED");
        assertThat(reports.path("items").get(0).path("vendorId").asText()).isNotBlank();
        assertThat(api.get("/api/jobs?q=sub/" + tag).json().path("total").asLong()).as("path text").isEqualTo(3);
        assertThat(api.get("/api/jobs?pipeline=ops-b&q=" + tag + "-report").json().path("total").asLong()).isZero();

        JsonNode page0 = api.get("/api/jobs?q=" + tag + "&size=2").json();
        JsonNode page1 = api.get("/api/jobs?q=" + tag + "&size=2&page=1").json();
        assertThat(page0.path("total").asLong()).isEqualTo(4);
        assertThat(page0.path("size").asInt()).isEqualTo(2);
        assertThat(page0.path("items").findValuesAsText("relativePath")).containsExactly(names.get(2),
                names.get(1));
        assertThat(page1.path("page").asInt()).isEqualTo(1);
        assertThat(page1.path("items").findValuesAsText("relativePath")).containsExactly(names.get(0),
                tag + "-big.pdf");

        assertThat(api.get("/api/jobs?q=" + tag + "&from=" + start).json().path("total").asLong()).isEqualTo(4);
        assertThat(api.get("/api/jobs?q=" + tag + "&to=" + start).json().path("total").asLong()).isZero();
        assertThat(api.get("/api/jobs?q=" + tag + "&from=" + Instant.now()).json().path("total").asLong()).isZero();

        assertThat(api.get("/api/jobs?state=LOST").status()).isEqualTo(400);
        assertThat(api.get("/api/jobs?state=LOST").json().path("error").asText()).contains("LOST");
        assertThat(api.get("/api/jobs?from=yesterday").status()).isEqualTo(400);
        assertThat(api.get("/api/jobs?size=501").status()).isEqualTo(400);
        assertThat(api.get("/api/jobs?page=-1").status()).isEqualTo(400);
        assertThat(api.get("/api/jobs/999999999").status()).isEqualTo(404);
    }

    @Test
    void retryingAFailedJobCompletesTheSameJobFromItsFailedCopy() throws Exception {
        String name = tag + " huge scan.pdf";
        Path failedCopy = folder.inbox.resolve("a/.failed/big/" + name);
        Path report = folder.inbox.resolve("a/.failed/big/" + name + ".error.json");
        sendcloud.respondSendcloudError(413, "content_too_large", "File is too large.", "Content Too Large");
        folder.drop("a/big/" + name, tag + " retried content");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(failedCopy) && Files.exists(report));
        JsonNode failed = awaitJobs("state=FAILED&q=" + tag, 1).path("items").get(0);
        long id = failed.path("id").asLong();
        assertThat(failed.path("retryable").asBoolean()).isTrue();

        ApiClient.Answer retry = api.post("/api/jobs/" + id + "/retry");

        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().path("id").asLong()).isEqualTo(id);
        assertThat(retry.json().path("state").asText()).isIn("RETRYING", "RECEIVED", "UPLOADING", "COMPLETED");
        assertThat(retry.json().path("retryable").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(
                api.get("/api/jobs/" + id).json().path("state").asText()));
        assertThat(api.get("/api/jobs?q=" + tag).json().path("total").asLong()).as("the same job, no new one")
                .isEqualTo(1);
        HotFolder.awaitExists(folder.inbox.resolve("a/.done/big/" + name));
        assertThat(failedCopy).doesNotExist();
        assertThat(report).doesNotExist();
        assertThat(sendcloud.uploads()).filteredOn(u -> u.filename().equals(name)).hasSize(1);

        JsonNode detail = api.get("/api/jobs/" + id).json();
        List<String> kinds = detail.path("timeline").findValuesAsText("kind");
        assertThat(kinds).containsSubsequence("RECEIVED", "UPLOADING", "ATTEMPT", "FAILED", "RETRY", "RECEIVED",
                "UPLOADING", "ATTEMPT", "COMPLETED");
        JsonNode firstAttempt = detail.path("timeline").get(kinds.indexOf("ATTEMPT"));
        assertThat(firstAttempt.path("httpStatus").asInt()).isEqualTo(413);
        assertThat(detail.path("outputs").isArray()).isTrue();
        assertThat(detail.path("outputs").size()).isZero();
        assertThat(detail.path("attempts").asInt()).isEqualTo(1);

        ApiClient.Answer again = api.post("/api/jobs/" + id + "/retry");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").asText()).contains("COMPLETED");
        assertThat(api.post("/api/jobs/999999999/retry").status()).isEqualTo(404);
    }

    @Test
    void aFailedJobWhoseFailedCopyIsGoneIsNotRetried() throws Exception {
        sendcloud.respondSendcloudError(422, "invalid", "Unprocessable.", "Unprocessable Entity");
        folder.drop("a/" + tag + ".txt", tag + " gone");
        Path failedCopy = folder.inbox.resolve("a/.failed/" + tag + ".txt");
        HotFolder.awaitExists(failedCopy);
        long id = awaitJobs("state=FAILED&q=" + tag, 1).path("items").get(0).path("id").asLong();
        Files.delete(failedCopy);

        ApiClient.Answer retry = api.post("/api/jobs/" + id + "/retry");

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().path("error").asText()).contains("gone");
        assertThat(api.get("/api/jobs/" + id).json().path("state").asText()).isEqualTo("FAILED");
    }

    @Test
    void aPausedPipelineTakesNoFilesUntilItIsResumed() throws Exception {
        ApiClient.Answer paused = api.post("/api/pipelines/ops-a/pause");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().path("state").asText()).isEqualTo("PAUSED");
        assertThat(pipeline("ops-a").path("state").asText()).isEqualTo("PAUSED");
        assertThat(camel.getRouteController().getRouteStatus("ops-a")).isEqualTo(ServiceStatus.Suspended);
        assertThat(api.get("/actuator/health/liveness").status()).as("a pause is no reason to restart").isEqualTo(200);
        JsonNode camelChecks = api.get("/actuator/health").json().path("components").path("camelHealth")
                .path("details");
        // Camel lists failing checks only; a suspended route that is still auto-started is listed DOWN
        assertThat(camelChecks.path("route:ops-a").asText()).as("a deliberate pause is not a broken route")
                .isNotEqualTo("DOWN");
        assertThat(camelChecks.path("consumer:ops-a").asText()).isNotEqualTo("DOWN");

        Path waiting = folder.drop("a/" + tag + "-waiting.txt", tag + " waits for resume");
        // a file dropped later into a running pipeline: once it is through, ops-a had every chance to take its file
        folder.drop("b/" + tag + "-later.txt", tag + " goes through");
        awaitJobs("pipeline=ops-b&state=COMPLETED&q=" + tag, 1);
        assertThat(waiting).exists();
        assertThat(api.get("/api/jobs?pipeline=ops-a&q=" + tag).json().path("total").asLong()).isZero();

        ApiClient.Answer resumed = api.post("/api/pipelines/ops-a/resume");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.json().path("state").asText()).isEqualTo("RUNNING");
        awaitJobs("pipeline=ops-a&state=COMPLETED&q=" + tag, 1);
        HotFolder.awaitExists(folder.inbox.resolve("a/.done/" + tag + "-waiting.txt"));
    }

    /** The loopback rule through the real filter chain, with the remote address a client elsewhere would have. */
    @Test
    void withoutAPasswordOnlyLocalRequestsGetInWhileProbesAndCallbacksStayOpen() throws Exception {
        mvc.perform(get("/api/pipelines").with(from("127.0.0.1"))).andExpect(status().isOk());
        mvc.perform(get("/api/pipelines").with(from("::1"))).andExpect(status().isOk());
        mvc.perform(get("/api/pipelines").with(from("10.1.2.3"))).andExpect(status().isForbidden());
        mvc.perform(post("/api/pipelines/ops-a/pause").with(from("192.168.0.7"))).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/info").with(from("10.1.2.3"))).andExpect(status().isForbidden());
        mvc.perform(get("/").with(from("10.1.2.3"))).andExpect(status().isForbidden());
        // the probes answer for themselves: DOWN (503) is health's own answer here, ops-refused was refused
        mvc.perform(get("/actuator/health").with(from("10.1.2.3"))).andExpect(status().isServiceUnavailable());
        mvc.perform(get("/actuator/health/readiness").with(from("10.1.2.3")))
                .andExpect(status().isServiceUnavailable());
        mvc.perform(get("/actuator/health/liveness").with(from("10.1.2.3"))).andExpect(status().isOk());
        // an unknown callback token is the controller's answer (404), not the access rules'
        mvc.perform(post("/callbacks/phrase/not-a-token").with(from("10.1.2.3")).contentType("application/json")
                .content("{}")).andExpect(status().isNotFound());
        assertThat(pipeline("ops-a").path("state").asText()).isEqualTo("RUNNING");
    }

    /** Without a password this machine is the operator: it sees the probes' details, a remote caller the status. */
    @Test
    void withoutAPasswordHealthDetailsAreShownToThisMachineOnly() throws Exception {
        for (String probe : new String[] {"/actuator/health", "/actuator/health/readiness"}) {
            mvc.perform(get(probe).with(from("10.1.2.3"))).andExpect(jsonPath("$.status").value("DOWN"))
                    .andExpect(jsonPath("$.components").doesNotExist()).andExpect(jsonPath("$.details").doesNotExist());
            mvc.perform(get(probe).with(from("127.0.0.1")))
                    .andExpect(jsonPath("$.components.pipelines.details['ops-refused']").exists());
        }
        mvc.perform(get("/actuator/health/liveness").with(from("10.1.2.3")))
                .andExpect(content().json("{\"status\":\"UP\"}", true));
        mvc.perform(get("/actuator/health/liveness").with(from("::1")))
                .andExpect(jsonPath("$.components.camelLivenessState.status").value("UP"));
    }

    @Test
    void aCrossSiteWriteIsRefusedEvenFromThisMachine() {
        ApiClient.Answer crossSite = api.send(api.request("/api/pipelines/ops-a/pause")
                .header("Origin", "http://evil.example").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(pipeline("ops-a").path("state").asText()).isEqualTo("RUNNING");
        ApiClient.Answer sameOrigin = api.send(api.request("/api/pipelines/ops-a/resume")
                .header("Origin", "http://127.0.0.1:" + port).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(sameOrigin.status()).isEqualTo(200);
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private JsonNode awaitJobs(String query, int total) {
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/jobs?" + query).json().path("total")
                .asLong() == total);
        return api.get("/api/jobs?" + query).json();
    }

    private JsonNode pipeline(String id) {
        ApiClient.Answer answer = api.get("/api/pipelines");
        assertThat(answer.status()).isEqualTo(200);
        for (JsonNode p : answer.json()) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no pipeline " + id + " in " + answer.body());
    }

    private Map<String, Long> counts(String id) {
        Map<String, Long> counts = new java.util.HashMap<>();
        pipeline(id).path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }
}
