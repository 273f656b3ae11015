package io.rsrch.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.job.JobType;
import io.rsrch.testing.ManualClock;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

class CapabilityRingTest {

    private static final Duration DOWN_FOR = Duration.ofSeconds(3);
    private static final Job JOB =
            new Job(
                    "job-1",
                    JobType.DEEP_RESEARCH,
                    JobStatus.PROCESSING,
                    1,
                    3,
                    Map.of("query", "q"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    0L,
                    null,
                    null,
                    0L,
                    null,
                    null,
                    null,
                    "default",
                    null,
                    null,
                    null);

    private final List<FakeCapability> capabilities = new ArrayList<>();
    private final ManualClock clock = new ManualClock();

    @AfterEach
    void stopCapabilities() {
        capabilities.forEach(FakeCapability::stop);
    }

    @Test
    void attemptsGoToEachCapabilityInTurn() throws IOException {
        CapabilityRing ring = ringOf(3);

        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chosen.add(indexOf(ring, ring.locate(JOB)));
        }

        assertThat(chosen).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void aCapabilityThatRefusesConnectionsIsPassedOverUntilItsDownTimeEnds() throws IOException {
        CapabilityRing ring = ringOf(2);
        capabilities.get(1).stop();

        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chosen.add(indexOf(ring, ring.locate(JOB)));
        }
        capabilities.get(1).start();
        clock.advance(DOWN_FOR.minusMillis(1));
        for (int i = 0; i < 4; i++) {
            chosen.add(indexOf(ring, ring.locate(JOB)));
        }

        assertThat(chosen).containsOnly(0);
        assertThat(capabilities.get(1).probes()).isZero();
    }

    @Test
    void aCapabilityIsChosenAgainOnceItsDownTimeEndsAndItsProbeAnswers() throws IOException {
        CapabilityRing ring = ringOf(2);
        capabilities.get(1).stop();
        ring.locate(JOB);
        ring.locate(JOB);

        capabilities.get(1).start();
        clock.advance(DOWN_FOR);
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(indexOf(ring, ring.locate(JOB)));
        }

        assertThat(chosen).containsExactly(0, 1, 0, 1);
    }

    @Test
    void aHealthAnswerThatIsNotSuccessCountsAsDown() throws IOException {
        CapabilityRing ring = ringOf(2);
        capabilities.get(0).answer(503);

        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(indexOf(ring, ring.locate(JOB)));
        }

        assertThat(chosen).containsOnly(1);
        assertThat(capabilities.get(0).probes()).isEqualTo(1);
    }

    @Test
    void aCapabilityPassedOverIsChosenWhenItIsTheOnlyOneThatAnswersAgain() throws IOException {
        CapabilityRing ring = ringOf(2);
        capabilities.get(1).stop();
        ring.locate(JOB);
        ring.locate(JOB);

        capabilities.get(0).stop();
        capabilities.get(1).start();
        CapabilityClient chosen = ring.locate(JOB);

        assertThat(indexOf(ring, chosen)).isEqualTo(1);
    }

    @Test
    void whenNoneAnswersTheCallOfTheChosenOneFailsAsCapabilityUnavailable() throws IOException {
        CapabilityRing ring = ringOf(2);
        capabilities.forEach(FakeCapability::stop);

        CapabilityClient chosen = ring.locate(JOB);

        assertThat(chosen).isNotNull();
        assertThatThrownBy(
                        () ->
                                chosen.performDeepResearch(
                                        new ResearchCall(
                                                "job-1",
                                                1,
                                                "q",
                                                null,
                                                null,
                                                Duration.ofSeconds(5))))
                .isInstanceOfSatisfying(
                        CapabilityCallException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(FailureReason.CAPABILITY_UNAVAILABLE));
    }

    private CapabilityRing ringOf(int size) throws IOException {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            FakeCapability capability = new FakeCapability();
            capability.start();
            capabilities.add(capability);
            urls.add(capability.url());
        }
        return new CapabilityRing(urls, "token", DOWN_FOR, clock);
    }

    private static int indexOf(CapabilityRing ring, CapabilityClient client) {
        return ring.clients().indexOf(client);
    }

    /** Answers {@code GET /health} on a fixed port and counts the probes; can stop and restart. */
    private static final class FakeCapability {

        private final AtomicInteger probes = new AtomicInteger();
        private volatile int status = 200;
        private HttpServer server;
        private int port;

        void start() throws IOException {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext(
                    "/health",
                    exchange -> {
                        probes.incrementAndGet();
                        byte[] body = "{\"status\":\"ok\"}".getBytes();
                        exchange.sendResponseHeaders(status, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
            server.start();
            port = server.getAddress().getPort();
        }

        void stop() {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }

        void answer(int code) {
            status = code;
        }

        int probes() {
            return probes.get();
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }
    }
}
