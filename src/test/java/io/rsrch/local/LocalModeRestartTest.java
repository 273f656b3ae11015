package io.rsrch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

class LocalModeRestartTest {

    private FalkorDbServer falkordb;
    private FalkorJobStore store;

    @BeforeEach
    void start() throws Exception {
        falkordb = FalkorDbServer.start();
        store =
                new FalkorJobStore(
                        new Graph(new JedisPooled("127.0.0.1", falkordb.port()), "rsrch"));
    }

    @AfterEach
    void stop() {
        falkordb.close();
    }

    @Test
    void jobsQueuedAndRunningWhenLocalModeIsKilledFinishAfterItStartsAgain() throws Exception {
        int apiPort = freePort();
        int capabilityPort = freePort();
        Http api = new Http("http://127.0.0.1:" + apiPort);
        String running;
        String waiting;
        try (LocalProcess first =
                LocalProcess.start(
                        falkordb.url(), apiPort, capabilityPort, "--tabs", "1", "--workers", "1")) {
            awaitHealthy(api, first);
            running = submit(api, "the running one [sandbox delay=4s]");
            waiting = submit(api, "the waiting one");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> status(running) == JobStatus.PROCESSING);
            assertThat(status(waiting)).isEqualTo(JobStatus.QUEUED);

            first.kill();
        }
        assertThat(status(running)).isEqualTo(JobStatus.PROCESSING);
        assertThat(status(waiting)).isEqualTo(JobStatus.QUEUED);

        try (LocalProcess second =
                LocalProcess.start(
                        falkordb.url(), apiPort, capabilityPort, "--tabs", "1", "--workers", "1")) {
            awaitHealthy(api, second);
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> status(running).isFinal() && status(waiting).isFinal());
        }

        Job runningJob = store.find(running).orElseThrow();
        Job waitingJob = store.find(waiting).orElseThrow();
        assertThat(runningJob.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(runningJob.attempt()).isEqualTo(2);
        assertThat(store.report(running).orElseThrow().markdown()).contains("the running one");
        assertThat(waitingJob.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(store.report(waiting).orElseThrow().markdown()).contains("the waiting one");
    }

    private JobStatus status(String id) {
        return store.find(id).orElseThrow().status();
    }

    private static String submit(Http api, String query) {
        return api.post("/deep-research/start", Map.of("query", query))
                .body()
                .path("jobId")
                .asText();
    }

    private static void awaitHealthy(Http api, LocalProcess process) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
                .until(
                        () -> {
                            if (!process.alive()) {
                                throw new AssertionError("rsrch local exited:\n" + process.log());
                            }
                            return api.get("/health").status() == 200;
                        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
