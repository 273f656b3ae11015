package io.rsrch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.testing.CapabilityProcess;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.HoldableClock;
import io.rsrch.testing.Http;
import io.rsrch.worker.CapabilityClient;
import io.rsrch.worker.CapabilityLocator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

/** A capability process killed with SIGKILL in the middle of a job's attempt. */
class CapabilityKilledMidJobTest {

    private static final String TOKEN = "faults-internal-token-0123456789";

    private FalkorDbServer falkordb;
    private CapabilityProcess capability;
    private HoldableClock supervisorClock;
    private JobStack stack;

    @BeforeEach
    void start() throws Exception {
        falkordb = FalkorDbServer.start();
        capability = CapabilityProcess.start(1, TOKEN);
        supervisorClock = new HoldableClock(Clock.systemUTC());
        stack =
                new JobStack(
                        falkordb.url(),
                        CapabilityLocator.fixed(new CapabilityClient(capability.url(), TOKEN)),
                        1,
                        Duration.ofSeconds(3),
                        supervisorClock);
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
        capability.close();
        falkordb.close();
    }

    @Test
    void aJobWhoseCapabilityIsKilledRunsAgainAsAttemptTwoAndKeepsOneReport() throws Exception {
        String query = "Killed mid-flight, finished on the second try [sandbox delay=6s]";
        String jobId = stack.submit(query);
        await().atMost(Duration.ofSeconds(60)).until(() -> holdsATab(jobId));

        // With one fixed capability, a retry due while it restarts would fail as well: holding
        // supervision's clock stands in for a back-off longer than the restart, with no guess at
        // how long the restart takes.
        supervisorClock.hold();
        capability.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.job(jobId).attempt() == 2);
        Job requeued = stack.job(jobId);
        capability.restart();
        supervisorClock.release();
        await().atMost(Duration.ofSeconds(90)).until(() -> stack.job(jobId).status().isFinal());

        assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(requeued.failure().reason()).isEqualTo(FailureReason.CAPABILITY_UNAVAILABLE);
        Job done = stack.job(jobId);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(2);
        stack.settleHistory();
        assertThat(stack.reportAttempts(jobId)).containsExactly(2L);
        assertThat(stack.store().report(jobId).orElseThrow().markdown()).contains(query);
        JsonNode result = stack.api().get("/deep-research/result/" + jobId).body();
        assertThat(result.path("success").asBoolean()).isTrue();
    }

    private boolean holdsATab(String jobId) {
        JsonNode tabs = new Http(capability.url()).withBearer(TOKEN).get("/internal/tabs").body();
        for (JsonNode tab : tabs.path("tabs")) {
            if (jobId.equals(tab.path("jobId").asText()) && tab.path("attempt").asInt() == 1) {
                return stack.job(jobId).status() == JobStatus.PROCESSING;
            }
        }
        return false;
    }
}
