package io.rsrch.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.capability.CapabilityClient.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The bounded wait for a tab: one tab, room for one waiting call, a short queue wait. */
class TabQueueTest {

    private static final Duration QUEUE_WAIT = Duration.ofSeconds(3);
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
                                .withTabs(1)
                                .withQueue(1, QUEUE_WAIT)
                                .withCallTimeout(Duration.ofSeconds(60)));
        client = new CapabilityClient(server.port());
    }

    @AfterAll
    static void stopCapability() {
        callers.shutdownNow();
        server.close();
    }

    @Test
    void fullQueueAnswers429AtOnceAndAWaiterGets429AfterItsQueueWait() throws Exception {
        Future<Answer> holder =
                callers.submit(
                        () -> client.research("job-holder", 1, "Endless [sandbox never-finish]"));
        await().atMost(Duration.ofSeconds(30)).until(() -> client.tabs().path("busy").asInt() == 1);
        Future<Answer> waiter = callers.submit(() -> client.research("job-waiter", 1, "Waiting"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.tabs().path("waiting").asInt() == 1);

        Answer overflow = client.research("job-overflow", 1, "One too many");

        assertThat(overflow.status()).isEqualTo(429);
        assertThat(overflow.reason()).isEqualTo("CapabilityUnavailable");
        assertThat(overflow.retryAfter()).isEqualTo(Long.toString(QUEUE_WAIT.toSeconds()));
        assertThat(overflow.message()).contains("already waiting");
        Answer waited = waiter.get();
        assertThat(waited.status()).isEqualTo(429);
        assertThat(waited.retryAfter()).isNotBlank();
        assertThat(waited.message()).contains("no tab became free");
        assertThat(client.tabs().path("waiting").asInt()).isZero();
        assertThat(client.tabs().path("maxBusy").asInt()).isEqualTo(1);

        client.cancel("job-holder", Map.of());
        assertThat(holder.get().reason()).isEqualTo("Cancelled");
        assertThat(client.research("job-after", 1, "After the queue").status()).isEqualTo(200);
    }
}
