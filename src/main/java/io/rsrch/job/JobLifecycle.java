package io.rsrch.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every state change a job can make, in one place: submission, a worker's claim, heartbeat and
 * commit, retries, lease expiry and cancellation. The operator, the api's internal endpoints and
 * the local mode all change jobs only through here.
 */
public final class JobLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobLifecycle.class);
    private static final int SCAN_LIMIT = 500;

    private final JobStore store;
    private final Clock clock;
    private final Duration leaseDuration;
    private final RetryBackoff backoff;
    private volatile long expiryPausedUntil;

    public JobLifecycle(JobStore store, Clock clock, Duration leaseDuration, RetryBackoff backoff) {
        this.store = store;
        this.clock = clock;
        this.leaseDuration = leaseDuration;
        this.backoff = backoff;
        store.onReconnect(this::pauseLeaseExpiry);
    }

    public JobStore store() {
        return store;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    /** Gives every worker one lease length to renew before any lease is taken back. */
    private void pauseLeaseExpiry() {
        expiryPausedUntil = clock.millis() + leaseDuration.toMillis();
        log.info(
                "FalkorDB answers again; no lease is taken back for the next {} s",
                leaseDuration.toSeconds());
    }

    /** Stores a new job as queued; submitting an id that exists answers that job unchanged. */
    public Job submit(NewJob request) {
        long now = clock.millis();
        Job job = store.create(request, now);
        if (job.createdAt() == now && job.status() == JobStatus.QUEUED && job.attempt() == 1) {
            log.info("job={} attempt=1 submitted -> queued type={}", job.id(), job.type());
        }
        return job;
    }

    /**
     * Takes the attempt for a worker. The same claimant asking again (a restarted worker) gets the
     * lease it already holds; anyone else gets nothing while the attempt is taken.
     */
    public Optional<Lease> claim(String jobId, int attempt, String claimant) {
        long now = clock.millis();
        long expiresAt = now + leaseDuration.toMillis();
        String token = UUID.randomUUID().toString();
        Optional<Job> claimed = store.claim(jobId, attempt, claimant, token, expiresAt, now);
        if (claimed.isPresent()) {
            log.info("job={} attempt={} queued -> processing", jobId, attempt);
            return Optional.of(new Lease(jobId, attempt, token, expiresAt));
        }
        return store.reclaim(jobId, attempt, claimant, expiresAt, now)
                .map(held -> new Lease(jobId, attempt, held, expiresAt));
    }

    /** Extends the lease; false means the attempt was taken away and the work should stop. */
    public boolean heartbeat(Lease lease) {
        long now = clock.millis();
        return store.renew(lease, now + leaseDuration.toMillis(), now);
    }

    /** Commits the report of a finished attempt. */
    public CommitResult complete(Lease lease, Report report, String capabilityPod) {
        Optional<Job> done = store.complete(lease, report, capabilityPod, clock.millis());
        if (done.isPresent()) {
            log.info(
                    "job={} attempt={} processing -> completed sources={}",
                    lease.jobId(),
                    lease.attempt(),
                    report.sources().size());
            return CommitResult.APPLIED;
        }
        return store.committedBy(lease, JobStatus.COMPLETED)
                ? CommitResult.ALREADY_APPLIED
                : refused(lease, "complete");
    }

    /**
     * Commits a failed attempt. A retryable failure with attempts left puts the job back in the
     * queue as the next attempt after a back-off; otherwise the job ends {@code failed}.
     */
    public CommitResult fail(Lease lease, JobFailure failure) {
        Optional<Job> current = store.find(lease.jobId());
        if (current.isEmpty()) {
            return refused(lease, "fail");
        }
        AttemptEnd end =
                new AttemptEnd(
                        lease.jobId(),
                        lease.attempt(),
                        current.get().maxAttempts(),
                        JobStatus.PROCESSING,
                        lease.token(),
                        null);
        if (retryOrFail(end, failure).isPresent()) {
            return CommitResult.APPLIED;
        }
        return store.committedBy(lease, JobStatus.FAILED)
                ? CommitResult.ALREADY_APPLIED
                : refused(lease, "fail");
    }

    /**
     * Takes back every attempt whose worker stopped renewing its lease: the job runs again as its
     * next attempt, or fails with {@code BackoffLimitExceeded} when none is left.
     */
    public List<Job> expireLeases() {
        List<Job> changed = new ArrayList<>();
        for (Job job : store.findExpiredLeases(clock.millis(), SCAN_LIMIT)) {
            expireLease(job).ifPresent(changed::add);
        }
        return changed;
    }

    /**
     * Takes back the job's attempt if its lease has run out; answers the job when it changed. Right
     * after FalkorDB comes back from an outage no lease is taken back for one lease length: workers
     * could not renew while it was away.
     */
    public Optional<Job> expireLease(Job job) {
        long now = clock.millis();
        if (job.status() != JobStatus.PROCESSING
                || job.leaseExpiresAt() == null
                || job.leaseExpiresAt() >= now
                || now < expiryPausedUntil) {
            return Optional.empty();
        }
        JobFailure lost =
                new JobFailure(
                        FailureReason.LEASE_EXPIRED,
                        "attempt "
                                + job.attempt()
                                + " stopped renewing its lease (its worker or capability is gone, or"
                                + " could not reach FalkorDB)");
        return retryOrFail(
                new AttemptEnd(
                        job.id(),
                        job.attempt(),
                        job.maxAttempts(),
                        JobStatus.PROCESSING,
                        null,
                        now),
                lost);
    }

    /**
     * Hands back an attempt whose dispatched worker ended without committing: the next attempt is
     * queued after a back-off, or the job fails when none is left.
     */
    public Optional<Job> abandonAttempt(Job job, JobFailure failure) {
        return retryOrFail(
                new AttemptEnd(
                        job.id(), job.attempt(), job.maxAttempts(), job.status(), null, null),
                failure);
    }

    /** Fails a job that is not finished, without a lease: for deadlines and invalid jobs. */
    public Optional<Job> failUnfinished(Job job, JobFailure failure) {
        Optional<Job> result =
                store.fail(
                        job.id(), job.attempt(), job.status(), null, null, failure, clock.millis());
        result.ifPresent(j -> logFailed(j, failure));
        return result;
    }

    /** Cancels a job that has not finished; answers empty when it had finished already. */
    public Optional<Job> cancel(String jobId, String message) {
        Optional<Job> before = store.find(jobId);
        Optional<Job> cancelled = store.cancel(jobId, message, clock.millis());
        cancelled.ifPresent(
                j ->
                        log.info(
                                "job={} attempt={} {} -> cancelled",
                                j.id(),
                                j.attempt(),
                                before.map(b -> b.status().wireName()).orElse("?")));
        return cancelled;
    }

    /**
     * An attempt that just ended without a report, and what the store must still hold for the
     * change to apply: the status, the lease token when the worker reports it, or a lease that ran
     * out before {@code leaseExpiredBefore}.
     */
    private record AttemptEnd(
            String jobId,
            int attempt,
            int maxAttempts,
            JobStatus expected,
            String token,
            Long leaseExpiredBefore) {}

    /**
     * The one rule for an attempt that failed: a retryable failure with attempts left queues the
     * next attempt after a back-off; anything else ends the job.
     */
    private Optional<Job> retryOrFail(AttemptEnd end, JobFailure failure) {
        long now = clock.millis();
        if (failure.reason().retryable() && end.attempt() < end.maxAttempts()) {
            long notBefore = now + backoff.delayAfter(end.attempt()).toMillis();
            Optional<Job> requeued =
                    store.requeue(
                            end.jobId(),
                            end.attempt(),
                            end.expected(),
                            end.token(),
                            end.leaseExpiredBefore(),
                            failure,
                            notBefore,
                            now);
            requeued.ifPresent(j -> logRetry(j, end.attempt(), failure));
            return requeued;
        }
        JobFailure last = finalFailure(failure, end);
        Optional<Job> failed =
                store.fail(
                        end.jobId(),
                        end.attempt(),
                        end.expected(),
                        end.token(),
                        end.leaseExpiredBefore(),
                        last,
                        now);
        failed.ifPresent(j -> logFailed(j, last));
        return failed;
    }

    /**
     * The failure a job ends with: a final failure keeps its own reason; a retryable one that ran
     * out of attempts becomes {@code BackoffLimitExceeded}, naming what the last attempt met (as a
     * Kubernetes Job does, also when it allows a single attempt).
     */
    private static JobFailure finalFailure(JobFailure failure, AttemptEnd end) {
        if (!failure.reason().retryable()) {
            return failure;
        }
        return new JobFailure(
                FailureReason.BACKOFF_LIMIT_EXCEEDED,
                "no attempts left after attempt "
                        + end.attempt()
                        + " of "
                        + end.maxAttempts()
                        + ": "
                        + failure.reason().wireName()
                        + ": "
                        + failure.message());
    }

    private static void logRetry(Job job, int failedAttempt, JobFailure failure) {
        log.warn(
                "job={} attempt={} -> queued as attempt {} after {}: {}",
                job.id(),
                failedAttempt,
                job.attempt(),
                failure.reason().wireName(),
                failure.message());
    }

    private static void logFailed(Job job, JobFailure failure) {
        log.info(
                "job={} attempt={} -> failed reason={}: {}",
                job.id(),
                job.attempt(),
                failure.reason().wireName(),
                failure.message());
    }

    private static CommitResult refused(Lease lease, String what) {
        log.warn(
                "job={} attempt={} {} refused: the lease is no longer current",
                lease.jobId(),
                lease.attempt(),
                what);
        return CommitResult.REFUSED;
    }
}
