package io.rsrch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsrch.BearerToken;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobStatus;
import io.rsrch.job.RetryBackoff;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

class InternalJobRoutesTest {

    private static final String TOKEN = "internal-routes-token";

    private static FalkorDbServer falkordb;
    private static FalkorJobStore store;
    private static ApiServer server;
    private static Http api;
    private static Http worker;

    @BeforeAll
    static void start() throws Exception {
        falkordb = FalkorDbServer.start();
        store = new FalkorJobStore(new Graph(new JedisPooled("127.0.0.1", falkordb.port()), "r"));
        store.prepare();
        JobLifecycle lifecycle =
                new JobLifecycle(
                        store, Clock.systemUTC(), Duration.ofSeconds(30), RetryBackoff.DEFAULT);
        server =
                ApiServer.start(
                        0,
                        store,
                        new StoreJobControl(lifecycle),
                        3,
                        null,
                        new InternalJobRoutes(
                                lifecycle, new BearerToken(TOKEN), job -> "http://cap:3002"));
        api = new Http("http://127.0.0.1:" + server.port());
        worker = api.withBearer(TOKEN);
    }

    @AfterAll
    static void stop() {
        server.close();
        falkordb.close();
    }

    private static String submit(String query) {
        return api.post("/deep-research/start", Map.of("query", query))
                .body()
                .path("jobId")
                .asText();
    }

    private static JsonNode claimFirstAttempt(String id, String claimant) {
        return worker.post(
                        "/internal/jobs/" + id + "/claim",
                        Map.of("attempt", 1, "claimant", claimant))
                .body();
    }

    private static Map<String, Object> report(String title) {
        return Map.of(
                "title",
                title,
                "markdown",
                "# " + title,
                "sources",
                List.of(Map.of("url", "https://a.example/" + title, "title", "A")),
                "durationMs",
                12);
    }

    @Test
    void internalRoutesRefuseAMissingOrWrongToken() {
        String id = submit("guarded");

        Http.Answer none =
                api.post("/internal/jobs/" + id + "/claim", Map.of("attempt", 1, "claimant", "w"));
        Http.Answer wrong =
                api.withBearer("not-it")
                        .post(
                                "/internal/jobs/" + id + "/claim",
                                Map.of("attempt", 1, "claimant", "w"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().path("error").path("reason").asText()).isEqualTo("Unauthorized");
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void aWorkerClaimsRenewsAndCompletesAndARepeatIsRecognised() {
        String id = submit("the worker path");

        JsonNode claim = claimFirstAttempt(id, "wm-1");
        String token = claim.path("leaseToken").asText();
        Http.Answer heartbeat =
                worker.post(
                        "/internal/jobs/" + id + "/heartbeat",
                        Map.of("attempt", 1, "leaseToken", token));
        Map<String, Object> commit =
                Map.of(
                        "attempt",
                        1,
                        "leaseToken",
                        token,
                        "report",
                        report("done"),
                        "capabilityPod",
                        "p0");
        Http.Answer first = worker.post("/internal/jobs/" + id + "/complete", commit);
        Http.Answer again = worker.post("/internal/jobs/" + id + "/complete", commit);

        assertThat(claim.path("capabilityUrl").asText()).isEqualTo("http://cap:3002");
        assertThat(claim.path("params").path("query").asText()).isEqualTo("the worker path");
        assertThat(heartbeat.status()).isEqualTo(200);
        assertThat(first.body().path("result").asText()).isEqualTo("applied");
        assertThat(again.body().path("result").asText()).isEqualTo("already_applied");
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(store.report(id).orElseThrow().title()).isEqualTo("done");
    }

    @Test
    void aReportOfSeveralMegabytesIsCommittedWhole() {
        String id = submit("a very long report");
        String token = claimFirstAttempt(id, "wm-2").path("leaseToken").asText();
        String markdown = "# Long\n\n" + "A paragraph of findings, é and 漢字. ".repeat(90_000);

        Http.Answer commit =
                worker.post(
                        "/internal/jobs/" + id + "/complete",
                        Map.of(
                                "attempt",
                                1,
                                "leaseToken",
                                token,
                                "report",
                                Map.of(
                                        "title",
                                        "Long",
                                        "markdown",
                                        markdown,
                                        "sources",
                                        List.of(),
                                        "durationMs",
                                        1),
                                "capabilityPod",
                                "p0"));

        assertThat(markdown.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isGreaterThan(3_000_000);
        assertThat(commit.status()).isEqualTo(200);
        assertThat(store.report(id).orElseThrow().markdown()).isEqualTo(markdown);
    }

    @Test
    void aCommitWithAStaleLeaseTokenIsRefusedWith409AndChangesNothing() {
        String id = submit("stale commit");
        worker.post("/internal/jobs/" + id + "/claim", Map.of("attempt", 1, "claimant", "wm-2"));

        Http.Answer complete =
                worker.post(
                        "/internal/jobs/" + id + "/complete",
                        Map.of("attempt", 1, "leaseToken", "stale", "report", report("late")));
        Http.Answer fail =
                worker.post(
                        "/internal/jobs/" + id + "/fail",
                        Map.of(
                                "attempt",
                                1,
                                "leaseToken",
                                "stale",
                                "reason",
                                "SiteError",
                                "message",
                                "x"));
        Http.Answer otherClaim =
                worker.post(
                        "/internal/jobs/" + id + "/claim",
                        Map.of("attempt", 1, "claimant", "wm-3"));

        assertThat(complete.status()).isEqualTo(409);
        assertThat(fail.status()).isEqualTo(409);
        assertThat(otherClaim.status()).isEqualTo(409);
        assertThat(otherClaim.body().path("job").path("status").asText()).isEqualTo("processing");
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(store.report(id)).isEmpty();
    }

    @Test
    void badWorkerRequestsAre400AndUnknownJobs404() {
        String id = submit("bad bodies");

        Http.Answer noAttempt =
                worker.post("/internal/jobs/" + id + "/claim", Map.of("claimant", "w"));
        Http.Answer notJson = worker.post("/internal/jobs/" + id + "/claim", "nope");
        Http.Answer unknown =
                worker.post("/internal/jobs/nobody/claim", Map.of("attempt", 1, "claimant", "w"));

        assertThat(noAttempt.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }
}
