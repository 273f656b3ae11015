package io.rsrch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.store.StoreUnavailableException;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.ManualClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * While FalkorDB is away no worker can renew its lease; when it answers again, every worker gets
 * one lease length to do so before any attempt is taken back.
 */
class LeaseExpiryAfterOutageTest {

    private static final Duration LEASE = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private FalkorDbServer falkordb;
    private JobStore store;
    private JobLifecycle lifecycle;

    @BeforeEach
    void start() throws Exception {
        falkordb = FalkorDbServer.startDurable();
        store = new FalkorJobStore(new Graph(new JedisPooled("127.0.0.1", falkordb.port()), "g"));
        store.prepare();
        lifecycle =
                new JobLifecycle(
                        store,
                        clock,
                        LEASE,
                        new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
    }

    @AfterEach
    void stop() {
        falkordb.close();
    }

    @Test
    void aLeaseThatRanOutDuringAnOutageIsKeptForOneLeaseLengthAfterFalkorDbReturns()
            throws Exception {
        Job job = submit();
        Lease lease = claimThenOutlastTheLeaseWithFalkorDbDown(job);

        assertThat(lifecycle.expireLeases()).isEmpty();
        assertThat(lifecycle.heartbeat(lease)).isTrue();
        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
    }

    @Test
    void aWorkerThatDoesNotRenewAfterTheOutageLosesItsAttempt() throws Exception {
        Job job = submit();
        claimThenOutlastTheLeaseWithFalkorDbDown(job);
        assertThat(lifecycle.expireLeases()).isEmpty();

        clock.advance(LEASE.plusSeconds(1));
        assertThat(lifecycle.expireLeases()).extracting(Job::id).containsExactly(job.id());

        Job now = store.find(job.id()).orElseThrow();
        assertThat(now.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(now.attempt()).isEqualTo(2);
        assertThat(now.failure().reason()).isEqualTo(FailureReason.LEASE_EXPIRED);
    }

    /**
     * Claims the job, then keeps FalkorDB down (a heartbeat fails meanwhile) until the lease has
     * run out, and brings it back.
     */
    private Lease claimThenOutlastTheLeaseWithFalkorDbDown(Job job) throws Exception {
        Lease lease = lifecycle.claim(job.id(), 1, "worker").orElseThrow();
        falkordb.kill();
        assertThatThrownBy(() -> lifecycle.heartbeat(lease))
                .isInstanceOf(StoreUnavailableException.class);
        clock.advance(LEASE.plusSeconds(1));
        falkordb.restart();
        return lease;
    }

    private Job submit() {
        return lifecycle.submit(
                new NewJob(
                        UUID.randomUUID().toString(),
                        JobType.DEEP_RESEARCH,
                        Map.of("query", "q"),
                        "s",
                        3,
                        null));
    }
}
