package io.rsrch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.job.Report;
import io.rsrch.store.FalkorDbConnection;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

class LocalModeTest {

    private static FalkorDbServer falkordb;
    private static LocalMode local;
    private static Http api;
    private static Http capability;

    @BeforeAll
    static void start() throws Exception {
        falkordb = FalkorDbServer.start();
        local = LocalMode.start(LocalModeFixture.settings(falkordb.url(), 2, 6));
        api = new Http("http://127.0.0.1:" + local.apiPort());
        capability =
                new Http("http://127.0.0.1:" + local.capabilityPort())
                        .withBearer(LocalModeFixture.TOKEN);
    }

    @AfterAll
    static void stop() {
        local.close();
        falkordb.close();
    }

    private static String start(String query) {
        Http.Answer answer = api.post("/deep-research/start", Map.of("query", query));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("success").asBoolean()).isTrue();
        assertThat(answer.body().path("status").asText()).isEqualTo("queued");
        return answer.body().path("jobId").asText();
    }

    private static JsonNode awaitResult(String jobId) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> api.get("/deep-research/result/" + jobId).status() != 202);
        return api.get("/deep-research/result/" + jobId).body();
    }

    @Test
    void aJobStartedOverRestEndsWithItsReportInFalkorDbAndInTheResult() {
        String query = "What limits \"exactly once\" delivery {in practice}?";

        String jobId = start(query);
        JsonNode result = awaitResult(jobId);

        Job job = local.store().find(jobId).orElseThrow();
        Report stored = local.store().report(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.query()).isEqualTo(query);
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.startedAt()).isNotNull();
        assertThat(job.completedAt()).isGreaterThanOrEqualTo(job.startedAt());
        assertThat(stored.markdown()).contains(query);
        assertThat(stored.sources()).isNotEmpty();
        assertThat(result.path("success").asBoolean()).isTrue();
        assertThat(result.path("status").asText()).isEqualTo("completed");
        assertThat(result.path("result").path("title").asText()).isEqualTo(stored.title());
        assertThat(result.path("result").path("markdown").asText()).isEqualTo(stored.markdown());
        assertThat(result.path("result").path("sources")).hasSize(stored.sources().size());
        assertThat(result.path("result").path("sources").get(0).path("url").asText())
                .isEqualTo(stored.sources().get(0).url());
        JsonNode status = api.get("/deep-research/status/" + jobId).body();
        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.path("createdAt").asLong()).isEqualTo(job.createdAt());
        JsonNode listed = api.get("/jobs/" + jobId).body();
        assertThat(listed.path("success").asBoolean()).isTrue();
        assertThat(listed.path("job").path("reportTitle").asText()).isEqualTo(stored.title());
    }

    @Test
    void aFinishedJobMovesToTheHistoryAndTheApiAnswersItAsBefore() {
        String key = "history-" + System.nanoTime();
        Supplier<Http.Answer> submit =
                () ->
                        api.post(
                                "/deep-research/start",
                                Map.of("query", "Where do finished jobs go?"),
                                "Idempotency-Key",
                                key);
        String jobId = submit.get().body().path("jobId").asText();
        JsonNode result = awaitResult(jobId);

        try (Graph working = FalkorDbConnection.open(falkordb.url(), "rsrch")) {
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    working.read(
                                                    "MATCH (j:Job {id: $id}) RETURN j.id AS id",
                                                    Map.of("id", jobId))
                                            .isEmpty());
            assertThat(
                            working.sibling("rsrch" + FalkorJobStore.HISTORY_SUFFIX)
                                    .read(
                                            "MATCH (j:Job {id: $id}) RETURN j.status AS status",
                                            Map.of("id", jobId)))
                    .containsExactly(Map.of("status", "completed"));
        }
        assertThat(api.get("/deep-research/result/" + jobId).body()).isEqualTo(result);
        assertThat(
                        api.get("/jobs?status=completed&limit=100")
                                .body()
                                .path("jobs")
                                .findValuesAsText("id"))
                .contains(jobId);
        Http.Answer again = submit.get();
        assertThat(again.body().path("jobId").asText()).isEqualTo(jobId);
        assertThat(again.body().path("status").asText()).isEqualTo("completed");
    }

    @Test
    void theCapabilityListensOnTheLoopbackInterfaceOnly() throws Exception {
        InetAddress outside = firstNonLoopbackAddress();
        assumeTrue(outside != null, "this machine has no network address besides loopback");

        try (Socket inside = new Socket("127.0.0.1", local.capabilityPort())) {
            assertThat(inside.isConnected()).isTrue();
        }
        assertThatThrownBy(() -> new Socket(outside, local.capabilityPort()).close())
                .isInstanceOf(ConnectException.class);
    }

    private static InetAddress firstNonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return address;
                }
            }
        }
        return null;
    }

    @Test
    void sixJobsOnTwoTabsAllCompleteWithoutEverSharingATab() throws Exception {
        capability.post("/sandbox/stats/reset", "{}");
        AtomicInteger maxBusySeen = new AtomicInteger();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleAtFixedRate(
                () -> {
                    int busy = tabsBusy();
                    maxBusySeen.accumulateAndGet(busy, Math::max);
                },
                0,
                20,
                TimeUnit.MILLISECONDS);
        List<String> ids = new ArrayList<>();

        try {
            for (int i = 0; i < 6; i++) {
                ids.add(start("parallel question number " + i + " [sandbox delay=1s]"));
            }
            for (String id : ids) {
                assertThat(awaitResult(id).path("status").asText()).isEqualTo("completed");
            }
        } finally {
            watcher.shutdownNow();
        }

        for (int i = 0; i < ids.size(); i++) {
            String markdown = local.store().report(ids.get(i)).orElseThrow().markdown();
            assertThat(markdown).contains("parallel question number " + i + " ");
            for (int other = 0; other < ids.size(); other++) {
                if (other != i) {
                    assertThat(markdown).doesNotContain("parallel question number " + other + " ");
                }
            }
        }
        JsonNode tabs = capability.get("/internal/tabs").body();
        JsonNode stats = capability.get("/sandbox/stats").body();
        assertThat(maxBusySeen.get()).isBetween(1, 2);
        assertThat(stats.path("clobbers").asInt()).isZero();
        assertThat(stats.path("maxConcurrentPages").asInt()).isLessThanOrEqualTo(2);
        assertThat(tabs.path("maxBusy").asInt()).isBetween(1, 2);
        assertThat(tabs.path("total").asInt()).isEqualTo(2);
    }

    private static int tabsBusy() {
        return capability.get("/internal/tabs").body().path("busy").asInt();
    }
}
