package io.rsrch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.ManualClock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

class JobLifecycleTest {

    private static FalkorDbServer falkordb;
    private static JobStore store;

    private final ManualClock clock = new ManualClock();
    private final JobLifecycle lifecycle =
            new JobLifecycle(
                    store,
                    clock,
                    Duration.ofSeconds(10),
                    new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));

    @BeforeAll
    static void startFalkorDb() throws Exception {
        falkordb = FalkorDbServer.start();
        store = new FalkorJobStore(new Graph(new JedisPooled("127.0.0.1", falkordb.port()), "g"));
        store.prepare();
    }

    @AfterAll
    static void stopFalkorDb() {
        falkordb.close();
    }

    private Job submit(int maxAttempts) {
        return lifecycle.submit(
                new NewJob(
                        UUID.randomUUID().toString(),
                        JobType.DEEP_RESEARCH,
                        Map.of("query", "q"),
                        "s",
                        maxAttempts,
                        null));
    }

    private static Report report() {
        return new Report("title", "text", List.of(new Source("https://a.example/", "A")), 5);
    }

    @Test
    void aRestartedWorkerWithTheSameIdentityGetsItsLeaseBack() {
        Job job = submit(3);

        Lease first = lifecycle.claim(job.id(), 1, "worker-1").orElseThrow();
        Lease again = lifecycle.claim(job.id(), 1, "worker-1").orElseThrow();

        assertThat(again.token()).isEqualTo(first.token());
        assertThat(lifecycle.claim(job.id(), 1, "worker-2")).isEmpty();
    }

    @Test
    void aRepeatedCompletionIsRecognisedAndStoresOneReport() {
        Job job = submit(3);
        Lease lease = lifecycle.claim(job.id(), 1, "w").orElseThrow();

        CommitResult first = lifecycle.complete(lease, report(), "pod");
        CommitResult second = lifecycle.complete(lease, report(), "pod");

        assertThat(first).isEqualTo(CommitResult.APPLIED);
        assertThat(second).isEqualTo(CommitResult.ALREADY_APPLIED);
        assertThat(store.report(job.id())).contains(report());
    }

    @Test
    void aCommitFromALeaseThatWasTakenBackIsRefused() {
        Job job = submit(3);
        Lease lease = lifecycle.claim(job.id(), 1, "w").orElseThrow();
        clock.advance(Duration.ofSeconds(11));
        lifecycle.expireLeases();

        CommitResult late = lifecycle.complete(lease, report(), "pod");

        assertThat(late).isEqualTo(CommitResult.REFUSED);
        Job now = store.find(job.id()).orElseThrow();
        assertThat(now.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(now.attempt()).isEqualTo(2);
        assertThat(now.failure().reason()).isEqualTo(FailureReason.LEASE_EXPIRED);
        assertThat(store.report(job.id())).isEmpty();
    }

    @Test
    void aRetryableFailureRequeuesTheNextAttemptAfterABackOff() {
        Job job = submit(3);
        Lease lease = lifecycle.claim(job.id(), 1, "w").orElseThrow();

        CommitResult result =
                lifecycle.fail(lease, new JobFailure(FailureReason.TIMEOUT, "too slow"));

        assertThat(result).isEqualTo(CommitResult.APPLIED);
        Job now = store.find(job.id()).orElseThrow();
        assertThat(now.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(now.attempt()).isEqualTo(2);
        assertThat(now.notBefore()).isBetween(clock.millis() + 500, clock.millis() + 1000);
    }

    @Test
    void aFinalFailureEndsTheJobWithItsOwnReason() {
        Job job = submit(3);
        Lease lease = lifecycle.claim(job.id(), 1, "w").orElseThrow();

        lifecycle.fail(lease, new JobFailure(FailureReason.AUTH_REQUIRED, "sign in"));

        Job now = store.find(job.id()).orElseThrow();
        assertThat(now.status()).isEqualTo(JobStatus.FAILED);
        assertThat(now.attempt()).isEqualTo(1);
        assertThat(now.failure()).isEqualTo(new JobFailure(FailureReason.AUTH_REQUIRED, "sign in"));
    }

    @Test
    void theLastAttemptFailingEndsWithBackoffLimitExceeded() {
        Job job = submit(2);
        Lease first = lifecycle.claim(job.id(), 1, "w").orElseThrow();
        lifecycle.fail(first, new JobFailure(FailureReason.BROWSER_CRASHED, "crash 1"));
        Lease second = lifecycle.claim(job.id(), 2, "w").orElseThrow();

        lifecycle.fail(second, new JobFailure(FailureReason.BROWSER_CRASHED, "crash 2"));

        Job now = store.find(job.id()).orElseThrow();
        assertThat(now.status()).isEqualTo(JobStatus.FAILED);
        assertThat(now.failure().reason()).isEqualTo(FailureReason.BACKOFF_LIMIT_EXCEEDED);
        assertThat(now.failure().message()).contains("crash 2").contains("BrowserCrashed");
    }

    @Test
    void anExpiredLeaseOnTheLastAttemptFailsTheJob() {
        Job job = submit(1);
        lifecycle.claim(job.id(), 1, "w").orElseThrow();
        clock.advance(Duration.ofSeconds(11));

        List<Job> changed = lifecycle.expireLeases();

        assertThat(changed).extracting(Job::id).contains(job.id());
        Job now = store.find(job.id()).orElseThrow();
        assertThat(now.status()).isEqualTo(JobStatus.FAILED);
        assertThat(now.failure().reason()).isEqualTo(FailureReason.BACKOFF_LIMIT_EXCEEDED);
    }

    @Test
    void aHeartbeatKeepsTheLeaseAlive() {
        Job job = submit(3);
        Lease lease = lifecycle.claim(job.id(), 1, "w").orElseThrow();
        clock.advance(Duration.ofSeconds(8));

        boolean renewed = lifecycle.heartbeat(lease);
        clock.advance(Duration.ofSeconds(8));
        lifecycle.expireLeases();

        assertThat(renewed).isTrue();
        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
    }
}
