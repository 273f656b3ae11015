package io.rsrch.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.capability.CapabilityClient.Answer;
import io.rsrch.capability.sandbox.SandboxReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import okhttp3.Call;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** The research endpoint against the sandbox site, in real headless Chromium with two tabs. */
class DeepResearchCallTest {

    private static CapabilityServer server;
    private static CapabilityClient client;
    private static final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeAll
    static void startCapability() {
        QuietLogs.apply();
        server =
                CapabilityServer.start(
                        CapabilityConfig.defaults(CapabilityClient.TOKEN, "sandbox")
                                .withPort(0)
                                .withTabs(2)
                                .withCallTimeout(Duration.ofSeconds(90))
                                .withPodName("pod-under-test"));
        client = new CapabilityClient(server.port());
    }

    @AfterAll
    static void stopCapability() {
        callers.shutdownNow();
        server.close();
    }

    @BeforeEach
    void everyTabIsFree() {
        await().atMost(Duration.ofSeconds(30)).until(() -> client.tabs().path("busy").asInt() == 0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.sandboxStats().path("activePages").asInt() == 0);
        client.resetSandboxStats();
    }

    @Test
    void happyPathAnswersTheFinishedReportFieldByField() {
        String query = "How do tides work? " + UUID.randomUUID();

        Answer answer = client.research("job-happy", 1, query);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.body();
        assertThat(body.path("title").asText()).isEqualTo(SandboxReport.TITLE_PREFIX + query);
        String markdown = body.path("markdown").asText();
        assertThat(markdown).startsWith("# " + SandboxReport.TITLE_PREFIX + query + "\n");
        assertThat(markdown).contains("## Question", "## Findings", "## Sources");
        assertThat(markdown).contains("The question, as asked: " + query);
        assertThat(markdown).contains("- Every sandbox report is generated from its prompt.");
        assertThat(markdown)
                .contains(
                        "1. [Sandbox source 1 for "
                                + SandboxReport.keyOf(query)
                                + "]("
                                + SandboxReport.sourceUrl(query, 1)
                                + ")");
        List<String> urls = new ArrayList<>();
        body.path("sources").forEach(source -> urls.add(source.path("url").asText()));
        assertThat(urls)
                .containsExactly(
                        SandboxReport.sourceUrl(query, 1),
                        SandboxReport.sourceUrl(query, 2),
                        SandboxReport.sourceUrl(query, 3));
        assertThat(body.path("sources").get(0).path("title").asText())
                .isEqualTo("Sandbox source 1 for " + SandboxReport.keyOf(query));
        assertThat(body.path("durationMs").asLong()).isPositive();
        assertThat(body.path("tab").asInt()).isBetween(0, 1);
        assertThat(body.path("pod").asText()).isEqualTo("pod-under-test");
    }

    @Test
    void awkwardQueryTextComesBackVerbatim() {
        String query =
                "Is \"this\" {quoted} <script>alert('x')</script> & MATCH (j:Job {id: 'a'})"
                        + " DETACH DELETE j RETURN $p // ünïcödé ✓ `tick` *star* [link](x)";

        Answer answer = client.research("job-verbatim", 1, query);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("title").asText())
                .isEqualTo(SandboxReport.TITLE_PREFIX + query);
        assertThat(answer.body().path("markdown").asText())
                .contains("The question, as asked: " + query);
    }

    @Test
    void multiLineQueryComesBackVerbatim() {
        String query = "Line one\nLine  two with  spaces\n\tTabbed three";

        Answer answer = client.research("job-multiline", 1, query);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("markdown").asText())
                .contains("The question, as asked: " + query);
    }

    @Test
    void sixConcurrentCallsOnTwoTabsNeverSharePages() throws Exception {
        List<String> queries = new ArrayList<>();
        List<Future<Answer>> answers = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            String query = "Concurrent question " + n + " " + UUID.randomUUID();
            queries.add(query);
            String jobId = "job-concurrent-" + n;
            answers.add(callers.submit(() -> client.research(jobId, 1, query)));
        }

        List<Answer> results = new ArrayList<>();
        for (Future<Answer> answer : answers) {
            results.add(answer.get());
        }

        for (int n = 0; n < 6; n++) {
            Answer answer = results.get(n);
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            String markdown = answer.body().path("markdown").asText();
            assertThat(markdown).contains(queries.get(n));
            for (int other = 0; other < 6; other++) {
                if (other != n) {
                    assertThat(markdown).doesNotContain(queries.get(other));
                }
            }
        }
        JsonNode tabs = client.tabs();
        assertThat(tabs.path("maxBusy").asInt()).isBetween(1, 2);
        JsonNode stats = client.sandboxStats();
        assertThat(stats.path("prompts").asInt()).isEqualTo(6);
        assertThat(stats.path("clobbers").asInt()).isZero();
        assertThat(stats.path("maxConcurrentPages").asInt()).isBetween(1, 2);
    }

    @Test
    void signInPageFailsWithAuthRequired() {
        Answer answer = client.research("job-signin", 1, "Anything [sandbox signin]");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.reason()).isEqualTo("AuthRequired");
        assertThat(answer.message()).contains("not signed in", "RSRCH_BROWSER_PROFILE");
        assertThat(answer.body().has("markdown")).isFalse();
    }

    @Test
    void missingDeepResearchToolFailsInsteadOfRunningAPlainChat() {
        Answer answer = client.research("job-no-dr", 1, "Anything [sandbox no-deep-research]");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.reason()).isEqualTo("DeepResearchUnavailable");
        assertThat(answer.message()).contains("no Deep Research item");
        assertThat(client.sandboxStats().path("prompts").asInt())
                .as("no prompt may be sent as a plain chat")
                .isZero();
    }

    @Test
    void siteErrorIsReportedWithThePagesMessage() {
        Answer answer =
                client.research("job-error", 1, "Anything [sandbox error=\"quota exceeded\"]");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.reason()).isEqualTo("SiteError");
        assertThat(answer.message()).isEqualTo("the site showed an error: quota exceeded");
    }

    @Test
    void callPastItsTimeoutFailsWithTimeoutAndNoReport() {
        ObjectNode body = client.researchBody("job-timeout", 1, "Slow one [sandbox never-finish]");
        body.put("timeoutMs", 2500);

        Answer answer =
                client.post(
                        "/internal/perform-deep-research", body.toString(), CapabilityClient.TOKEN);

        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.reason()).isEqualTo("Timeout");
        assertThat(answer.message()).contains("no partial report");
        assertThat(answer.body().has("markdown")).isFalse();
        assertThat(answer.body().has("title")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.tabs().path("busy").asInt() == 0);
    }

    @Test
    void missingOrWrongTokenIsRefused() {
        String body = client.researchBody("job-auth", 1, "Anything").toString();

        Answer missing = client.post("/internal/perform-deep-research", body, null);
        Answer wrong = client.post("/internal/perform-deep-research", body, "not-the-token");
        Answer tabs = client.get("/internal/tabs", "not-the-token");
        Answer cancel = client.post("/internal/calls/job-auth/cancel", "{}", null);
        Answer health = client.get("/health", null);

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.reason()).isEqualTo("Unauthorized");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.reason()).isEqualTo("Unauthorized");
        assertThat(wrong.message()).doesNotContain(CapabilityClient.TOKEN);
        assertThat(tabs.status()).isEqualTo(401);
        assertThat(cancel.status()).isEqualTo(401);
        assertThat(health.status()).isEqualTo(200);
        assertThat(client.sandboxStats().path("prompts").asInt()).isZero();
    }

    @Test
    void invalidBodiesAreRefusedBeforeAnyTabIsTaken() {
        List<String> bodies =
                List.of(
                        "not json",
                        "[]",
                        "{\"attempt\": 1, \"query\": \"q\"}",
                        "{\"jobId\": \" \", \"attempt\": 1, \"query\": \"q\"}",
                        "{\"jobId\": \"j\", \"attempt\": 0, \"query\": \"q\"}",
                        "{\"jobId\": \"j\", \"attempt\": 1.5, \"query\": \"q\"}",
                        "{\"jobId\": \"j\", \"attempt\": 1, \"query\": \"\"}",
                        "{\"jobId\": \"j\", \"attempt\": 1, \"query\": \"q\", \"timeoutMs\": -5}",
                        client.researchBody("j", 1, "x".repeat(20_001)).toString());

        for (String body : bodies) {
            Answer answer =
                    client.post("/internal/perform-deep-research", body, CapabilityClient.TOKEN);

            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.reason()).as(body).isEqualTo("InvalidSpec");
            assertThat(answer.message()).as(body).isNotBlank();
        }
        assertThat(client.tabs().path("maxBusy").asInt()).isLessThanOrEqualTo(2);
        assertThat(client.sandboxStats().path("prompts").asInt()).isZero();
    }

    @Test
    void queryOfExactlyTheLimitIsAccepted() {
        String query = "Long " + "y".repeat(20_000 - 5);

        Answer answer = client.research("job-long", 1, query);

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().path("title").asText()).endsWith(query);
    }

    @Test
    void repeatedCallForTheSameAttemptJoinsTheCallInFlight() throws Exception {
        String query = "Joined question [sandbox delay=2s] " + UUID.randomUUID();
        Future<Answer> first = callers.submit(() -> client.research("job-join", 1, query));
        await().atMost(Duration.ofSeconds(30)).until(() -> holds("job-join"));

        Answer second = client.research("job-join", 1, query);

        Answer original = first.get();
        assertThat(original.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(original.body());
        assertThat(client.sandboxStats().path("prompts").asInt())
                .as("both callers were served by one page")
                .isEqualTo(1);
    }

    @Test
    void newerAttemptSupersedesTheOlderOne() throws Exception {
        Future<Answer> older =
                callers.submit(
                        () -> client.research("job-supersede", 1, "Old [sandbox never-finish]"));
        await().atMost(Duration.ofSeconds(30)).until(() -> holds("job-supersede"));

        Answer newer = client.research("job-supersede", 2, "New attempt");

        assertThat(newer.status()).isEqualTo(200);
        assertThat(newer.body().path("title").asText()).endsWith("New attempt");
        Answer old = older.get();
        assertThat(old.status()).isEqualTo(409);
        assertThat(old.reason()).isEqualTo("Cancelled");
        assertThat(old.message()).contains("superseded by attempt 2");
    }

    @Test
    void cancelEndpointStopsTheCallAndFreesItsTab() throws Exception {
        Future<Answer> running =
                callers.submit(
                        () -> client.research("job-cancel", 3, "Endless [sandbox never-finish]"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.sandboxStats().path("activePages").asInt() == 1);
        JsonNode holder = holderOf("job-cancel");
        assertThat(holder.path("attempt").asInt()).isEqualTo(3);
        assertThat(holder.path("free").asBoolean()).isFalse();
        assertThat(holder.path("since").asText()).isNotBlank();

        Answer wrongAttempt = client.cancel("job-cancel", Map.of("attempt", 2));
        Answer cancel = client.cancel("job-cancel", Map.of("attempt", 3));

        assertThat(wrongAttempt.body().path("cancelled").asBoolean()).isFalse();
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.body().path("cancelled").asBoolean()).isTrue();
        assertThat(client.tabs().path("busy").asInt()).isZero();
        Answer answer = running.get();
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.reason()).isEqualTo("Cancelled");
        assertThat(client.cancel("job-cancel", Map.of()).body().path("cancelled").asBoolean())
                .isFalse();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.sandboxStats().path("activePages").asInt() == 0);
    }

    @Test
    void callerThatHangsUpFreesTheTabAndStopsThePage() {
        Call call =
                client.startResearch(
                        client.researchBody("job-hangup", 1, "Endless [sandbox never-finish]"));
        CompletableFuture<Void> caller =
                CompletableFuture.runAsync(
                        () -> {
                            try (Response response = call.execute()) {
                                response.body().string();
                            } catch (Exception expected) {
                                // The test hangs up on purpose.
                            }
                        },
                        callers);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.sandboxStats().path("activePages").asInt() == 1);
        assertThat(client.tabs().path("busy").asInt()).isEqualTo(1);

        call.cancel();

        await().atMost(Duration.ofSeconds(10)).until(() -> client.tabs().path("busy").asInt() == 0);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.sandboxStats().path("activePages").asInt() == 0);
        caller.join();
    }

    @Test
    void navigationToADisallowedHostIsRefused() {
        Answer answer =
                client.research(
                        "job-navigate",
                        1,
                        "Anything [sandbox navigate=\"https://example.org/elsewhere\"]");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.reason()).isEqualTo("SiteError");
        assertThat(answer.message()).startsWith("navigation to example.org refused");
    }

    @Test
    void aPopUpTheSiteOpensIsHeldToTheAllowedHostsAndTheCallGoesOn() throws Exception {
        AtomicInteger foreignRequests = new AtomicInteger();
        HttpServer foreign = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        foreign.createContext(
                "/",
                exchange -> {
                    foreignRequests.incrementAndGet();
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        foreign.start();
        try {
            String url = "http://127.0.0.1:" + foreign.getAddress().getPort() + "/elsewhere";
            Answer answer =
                    client.research(
                            "job-popup", 1, "Anything [sandbox delay=2s popup=\"" + url + "\"]");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(foreignRequests.get()).isZero();
        } finally {
            foreign.stop(0);
        }
    }

    @Test
    void secondPromptInOnePageCountsAsAClobber() {
        String page = "{\"pageId\": \"page-1\", \"prompt\": \"one\", \"deepResearch\": true}";

        client.post("/sandbox/api/prompt", page, null);
        client.post("/sandbox/api/prompt", page, null);

        assertThat(client.sandboxStats().path("clobbers").asInt()).isEqualTo(1);
    }

    @Test
    void healthReportsTheBrowserAndTheTabs() {
        JsonNode health = client.get("/health", null).body();

        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("browser").path("connected").asBoolean()).isTrue();
        assertThat(health.path("browser").path("launches").asInt()).isEqualTo(1);
        assertThat(health.path("tabs").path("total").asInt()).isEqualTo(2);
        assertThat(health.path("tabs").path("busy").asInt()).isZero();
    }

    private static boolean holds(String jobId) {
        return holderOf(jobId) != null;
    }

    private static JsonNode holderOf(String jobId) {
        for (JsonNode tab : client.tabs().path("tabs")) {
            if (jobId.equals(tab.path("jobId").asText(null))) {
                return tab;
            }
        }
        return null;
    }
}
