package io.rsrch.worker;

import io.rsrch.job.CommitResult;
import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobFailure;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobType;
import io.rsrch.job.Lease;
import io.rsrch.store.StoreUnavailableException;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Carries out one attempt in-process, the same steps a Windmill worker takes: claim the attempt,
 * call the capability while renewing the lease, then commit the report or the failure with the
 * lease token. Losing the lease abandons the call, which frees the capability's tab.
 */
public final class LocalWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalWorker.class);

    private final JobLifecycle lifecycle;
    private final CapabilityLocator capabilities;
    private final Map<String, CapabilityClient> inFlight = new ConcurrentHashMap<>();
    private final Duration attemptTimeout;
    private final ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "rsrch-heartbeat");
                        thread.setDaemon(true);
                        return thread;
                    });

    public LocalWorker(
            JobLifecycle lifecycle, CapabilityLocator capabilities, Duration attemptTimeout) {
        this.lifecycle = lifecycle;
        this.capabilities = capabilities;
        this.attemptTimeout = attemptTimeout;
    }

    /** Runs the job's current attempt to its commit; does nothing if the attempt is taken. */
    public void run(Job job) {
        String claimant = "local/" + job.id() + "/" + job.attempt();
        Optional<Lease> claimed = lifecycle.claim(job.id(), job.attempt(), claimant);
        if (claimed.isEmpty()) {
            log.debug("job={} attempt={} already taken; nothing to do", job.id(), job.attempt());
            return;
        }
        Lease lease = claimed.get();
        CapabilityClient capability = capabilities.locate(job);
        inFlight.put(job.id(), capability);
        AtomicBoolean leaseLost = new AtomicBoolean();
        ScheduledFuture<?> heartbeat = startHeartbeat(lease, leaseLost, capability);
        try {
            Runnable stopHeartbeat = () -> heartbeat.cancel(false);
            commit(lease, job, leaseLost, capability, stopHeartbeat);
        } finally {
            heartbeat.cancel(false);
            inFlight.remove(job.id(), capability);
        }
    }

    /** Stops the attempt's call in flight, if this worker has one. */
    public void abandon(String jobId, int attempt) {
        CapabilityClient capability = inFlight.get(jobId);
        if (capability != null) {
            capability.abandon(jobId, attempt);
        }
    }

    private void commit(
            Lease lease,
            Job job,
            AtomicBoolean leaseLost,
            CapabilityClient capability,
            Runnable stopHeartbeat) {
        if (job.type() != JobType.DEEP_RESEARCH) {
            lifecycle.fail(
                    lease,
                    new JobFailure(
                            FailureReason.INVALID_SPEC,
                            "local mode runs deep-research jobs only, not " + job.type()));
            return;
        }
        ResearchCall call =
                new ResearchCall(
                        job.id(),
                        lease.attempt(),
                        job.query(),
                        (String) job.params().get("gem"),
                        job.sessionId(),
                        attemptTimeout);
        while (true) {
            try {
                CapabilityAnswer answer = capability.performDeepResearch(call);
                // The lease has most of its time left; renewing it during the commit would only
                // race with the commit and report a finished attempt as lost.
                stopHeartbeat.run();
                CommitResult result =
                        untilStored(() -> lifecycle.complete(lease, answer.report(), answer.pod()));
                log.debug("job={} attempt={} commit {}", job.id(), lease.attempt(), result);
                return;
            } catch (CapabilityCallException e) {
                if (leaseLost.get()) {
                    log.info("job={} attempt={} stopped: lease lost", job.id(), lease.attempt());
                    return;
                }
                if (e.busy()) {
                    waitFor(e.retryAfter());
                    continue;
                }
                JobFailure failure = new JobFailure(e.reason(), e.getMessage());
                stopHeartbeat.run();
                untilStored(() -> lifecycle.fail(lease, failure));
                return;
            }
        }
    }

    /**
     * Commits, trying again while FalkorDB is unreachable: the commit is fenced and idempotent, and
     * giving up would throw away a finished report. It stops once the lease would have run out
     * anyway, since supervision then takes the attempt back.
     */
    private CommitResult untilStored(Supplier<CommitResult> commit) {
        RetryPolicy<CommitResult> whileUnavailable =
                RetryPolicy.<CommitResult>builder()
                        .handle(StoreUnavailableException.class)
                        .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                        .withMaxDuration(lifecycle.leaseDuration().multipliedBy(2))
                        .withMaxRetries(-1)
                        .onRetry(
                                event ->
                                        log.warn(
                                                "commit waits for FalkorDB: {}",
                                                event.getLastException().getMessage()))
                        .build();
        return Failsafe.with(whileUnavailable).get(commit::get);
    }

    private ScheduledFuture<?> startHeartbeat(
            Lease lease, AtomicBoolean leaseLost, CapabilityClient capability) {
        long every = Math.max(100, lifecycle.leaseDuration().toMillis() / 3);
        return heartbeats.scheduleAtFixedRate(
                () -> {
                    try {
                        if (!lifecycle.heartbeat(lease) && leaseLost.compareAndSet(false, true)) {
                            log.warn(
                                    "job={} attempt={} lease lost; abandoning the call",
                                    lease.jobId(),
                                    lease.attempt());
                            capability.abandon(lease.jobId(), lease.attempt());
                        }
                    } catch (RuntimeException e) {
                        log.warn("job={} heartbeat failed: {}", lease.jobId(), e.getMessage());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    private static void waitFor(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
    }
}
