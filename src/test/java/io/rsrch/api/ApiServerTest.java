package io.rsrch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobStatus;
import io.rsrch.job.RetryBackoff;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.JedisPooled;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

class ApiServerTest {

    private static FalkorDbServer falkordb;
    private static FalkorJobStore store;
    private static ApiServer server;
    private static Http api;

    @BeforeAll
    static void start() throws Exception {
        falkordb = FalkorDbServer.start();
        store = new FalkorJobStore(new Graph(new JedisPooled("127.0.0.1", falkordb.port()), "r"));
        store.prepare();
        JobLifecycle lifecycle =
                new JobLifecycle(
                        store, Clock.systemUTC(), Duration.ofSeconds(30), RetryBackoff.DEFAULT);
        server = ApiServer.start(0, store, new StoreJobControl(lifecycle), 3, null);
        api = new Http("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
        falkordb.close();
    }

    private static int jobCount() {
        return store.list(1000).size();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{\"query\": ",
                "[\"a list\"]",
                "{}",
                "{\"query\": null}",
                "{\"query\": \"\"}",
                "{\"query\": \"   \"}",
                "{\"query\": 42}",
                "{\"query\": \"ok\", \"gem\": 7}",
                "{\"query\": \"nul \\u0000 inside\"}",
                "{\"query\": \"half of a pair \\ud83d alone\"}",
                "{\"query\": \"ok\", \"sessionId\": \"\\udc00\"}",
                "{\"query\": \"ok\"} trailing text",
                "{\"query\": \"one\"}{\"query\": \"two\"}"
            })
    void aBadSubmissionIsRefusedWith400AndStoresNothing(String body) {
        int before = jobCount();

        Http.Answer answer = api.post("/deep-research/start", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("success").asBoolean(true)).isFalse();
        assertThat(answer.body().path("error").asText()).isNotBlank();
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void aQueryOverTheLimitIsRefusedWith413() {
        int before = jobCount();
        String query = "x".repeat(SubmissionRequest.MAX_QUERY_LENGTH + 1);

        Http.Answer answer = api.post("/deep-research/start", Map.of("query", query));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body().path("error").asText()).contains("20000");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void aQueryAtTheLimitIsAccepted() {
        String query = "y".repeat(SubmissionRequest.MAX_QUERY_LENGTH);

        Http.Answer answer = api.post("/deep-research/start", Map.of("query", query));

        assertThat(answer.status()).isEqualTo(200);
        String id = answer.body().path("jobId").asText();
        assertThat(store.find(id).orElseThrow().query()).isEqualTo(query);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/deep-research/status/no-such-job",
                "/deep-research/result/no-such-job",
                "/jobs/no-such-job"
            })
    void anUnknownJobIs404WithAJsonError(String path) {
        Http.Answer answer = api.get(path);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().path("success").asBoolean(true)).isFalse();
        assertThat(answer.body().path("error").asText()).contains("no-such-job");
    }

    @Test
    void aHostileQueryIsStoredAndReturnedByteForByte() {
        String hostile =
                "\"}) MATCH (n) DETACH DELETE n RETURN 1 //' \\\" {{$param}} <script>x</script>"
                        + " ünï 😀\n\tCREATE (:Evil)";

        Http.Answer started = api.post("/deep-research/start", Map.of("query", hostile));
        String id = started.body().path("jobId").asText();
        Http.Answer job = api.get("/jobs/" + id);

        assertThat(job.body().path("job").path("query").asText()).isEqualTo(hostile);
        assertThat(store.find(id).orElseThrow().query()).isEqualTo(hostile);
        assertThat(job.body().path("job").path("status").asText()).isEqualTo("queued");
    }

    @Test
    void aStartedJobIsQueuedAndItsResultIs202UntilItFinishes() {
        Http.Answer started = api.post("/deep-research/start", Map.of("query", "later"));
        String id = started.body().path("jobId").asText();

        Http.Answer result = api.get("/deep-research/result/" + id);
        Http.Answer listed = api.get("/jobs");

        assertThat(result.status()).isEqualTo(202);
        assertThat(result.body().path("status").asText()).isEqualTo("queued");
        assertThat(listed.body().path("success").asBoolean()).isTrue();
        assertThat(listed.body().path("jobs").findValuesAsText("id")).contains(id);
    }

    @Test
    void legacyQueryRouteQueuesADeepResearchJob() {
        Http.Answer answer =
                api.post("/query", Map.of("query", "legacy question", "deepResearch", true));

        assertThat(answer.status()).isEqualTo(202);
        String id = answer.body().path("jobId").asText();
        assertThat(answer.body().path("statusUrl").asText())
                .isEqualTo("/deep-research/status/" + id);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void cancellingAQueuedJobMarksItCancelledAndASecondCancelIs409() {
        String id =
                api.post("/deep-research/start", Map.of("query", "stop me"))
                        .body()
                        .path("jobId")
                        .asText();

        Http.Answer first = api.post("/jobs/" + id + "/cancel", "{}");
        Http.Answer second = api.post("/jobs/" + id + "/cancel", "{}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("job").path("status").asText()).isEqualTo("cancelled");
        assertThat(second.status()).isEqualTo(409);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void unknownRoutesAndUnknownStatusFiltersAnswerJsonErrors() {
        Http.Answer route = api.get("/no/such/route");
        Http.Answer status = api.get("/jobs?status=bogus");
        Http.Answer audio = api.post("/notebook/generate-audio", Map.of("notebookTitle", "n"));

        assertThat(route.status()).isEqualTo(404);
        assertThat(route.body().path("error").asText()).contains("/no/such/route");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.body().path("error").asText()).contains("running");
        assertThat(audio.status()).isEqualTo(501);
        assertThat(audio.body().path("success").asBoolean(true)).isFalse();
    }

    @Test
    void aBodyOverOneMegabyteIsRefusedWithAJson413() {
        Http.Answer answer =
                api.post(
                        "/deep-research/start", Map.of("query", "q", "gem", "g".repeat(2_000_000)));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body().path("success").asBoolean(true)).isFalse();
    }

    @Test
    void aKnownRouteCalledWithTheWrongMethodIs405() {
        Http.Answer answer = api.get("/deep-research/start");

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.body().path("success").asBoolean(true)).isFalse();
    }

    @Test
    void aLargeBodySentWithoutContentLengthIsAlsoRefusedWith413() {
        int before = jobCount();
        String body = "{\"query\": \"q\", \"gem\": \"" + "g".repeat(2_000_000) + "\"}";

        Http.Answer answer =
                api.postBytes("/deep-research/start", body.getBytes(StandardCharsets.UTF_8), true);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body().path("success").asBoolean(true)).isFalse();
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedWith400() {
        int before = jobCount();
        byte[] body = {
            '{',
            '"',
            'q',
            'u',
            'e',
            'r',
            'y',
            '"',
            ':',
            '"',
            'b',
            (byte) 0xff,
            (byte) 0xfe,
            '"',
            '}'
        };

        Http.Answer answer = api.postBytes("/deep-research/start", body, false);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").asText()).contains("UTF-8");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void aStatusFilterListsTheNewestJobsInThatStatusEvenBehindNewerOthers() {
        String older = start("listed then cancelled");
        api.post("/jobs/" + older + "/cancel", "");
        String newer = start("listed and still queued");

        Http.Answer cancelled = api.get("/jobs?status=cancelled&limit=1");
        Http.Answer queued = api.get("/jobs?status=queued&limit=1");

        assertThat(cancelled.body().path("jobs")).hasSize(1);
        assertThat(cancelled.body().path("jobs").get(0).path("id").asText()).isEqualTo(older);
        assertThat(queued.body().path("jobs").get(0).path("id").asText()).isEqualTo(newer);
    }

    private static String start(String query) {
        return api.post("/deep-research/start", Map.of("query", query))
                .body()
                .path("jobId")
                .asText();
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameJobInsteadOfASecondOne() {
        int before = jobCount();

        Http.Answer first =
                api.post("/deep-research/start", Map.of("query", "once"), "Idempotency-Key", "k-1");
        Http.Answer again =
                api.post("/deep-research/start", Map.of("query", "once"), "Idempotency-Key", "k-1");
        Http.Answer queued =
                api.post(
                        "/jobs/queue",
                        Map.of("type", "deep-research", "params", Map.of("query", "once")),
                        "Idempotency-Key",
                        "k-1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.body().path("jobId").asText())
                .isEqualTo(first.body().path("jobId").asText());
        assertThat(queued.body().path("jobId").asText())
                .isEqualTo(first.body().path("jobId").asText());
        assertThat(jobCount()).isEqualTo(before + 1);
    }

    @Test
    void reusingAnIdempotencyKeyForAnotherRequestIsRefused() {
        api.post("/deep-research/start", Map.of("query", "first"), "Idempotency-Key", "k-2");
        int before = jobCount();

        Http.Answer other =
                api.post(
                        "/deep-research/start", Map.of("query", "other"), "Idempotency-Key", "k-2");
        Http.Answer blank =
                api.post("/deep-research/start", Map.of("query", "x"), "Idempotency-Key", " ");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.body().path("error").asText()).contains("Idempotency-Key");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void healthIsOkWhileFalkorDbAnswers() {
        Http.Answer health = api.get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("falkordb").path("reachable").asBoolean()).isTrue();
    }
}
