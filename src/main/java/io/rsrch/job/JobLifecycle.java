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

    public JobLifecycle(JobStore store, Clock clock, Duration leaseDuration, RetryBackoff backoff) {
        this.store = store;
        this.clock = clock;
        this.leaseDuration = leaseDuration;
        this.backoff = backoff;
    }

    public JobStore store() {
        return store;
    }

    public Duration leaseDuration() {
        return leaseDuration;
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
        Job job = current.get();
        long now = clock.millis();
        Optional<Job> changed;
        if (failure.reason().retryable() && lease.attempt() < job.maxAttempts()) {
            long notBefore = now + backoff.delayAfter(lease.attempt()).toMillis();
            changed =
                    store.requeue(
                            lease.jobId(),
                            lease.attempt(),
                            JobStatus.PROCESSING,
                            lease.token(),
                            null,
                            failure,
                            notBefore,
                            now);
            changed.ifPresent(j -> logRetry(j, lease.attempt(), failure));
        } else {
            JobFailure last = finalFailure(failure, lease.attempt(), job.maxAttempts());
            changed =
                    store.fail(
                            lease.jobId(),
                            lease.attempt(),
                            JobStatus.PROCESSING,
                            lease.token(),
                            null,
                            last,
                            now);
            changed.ifPresent(j -> logFailed(j, last));
        }
        if (changed.isPresent()) {
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
        long now = clock.millis();
        List<Job> changed = new ArrayList<>();
        for (Job job : store.findExpiredLeases(now, SCAN_LIMIT)) {
            expireLease(job).ifPresent(changed::add);
        }
        return changed;
    }

    /** Takes back the job's attempt if its lease has run out; answers the job when it changed. */
    public Optional<Job> expireLease(Job job) {
        long now = clock.millis();
        if (job.status() != JobStatus.PROCESSING
                || job.leaseExpiresAt() == null
                || job.leaseExpiresAt() >= now) {
            return Optional.empty();
        }
        JobFailure lost =
                new JobFailure(
                        FailureReason.LEASE_EXPIRED,
                        "attempt "
                                + job.attempt()
                                + " stopped renewing its lease (worker or capability gone)");
        Optional<Job> result;
        if (job.attemptsRemain()) {
            long notBefore = now + backoff.delayAfter(job.attempt()).toMillis();
            result =
                    store.requeue(
                            job.id(),
                            job.attempt(),
                            JobStatus.PROCESSING,
                            null,
                            now,
                            lost,
                            notBefore,
                            now);
            result.ifPresent(j -> logRetry(j, job.attempt(), lost));
        } else {
            JobFailure last =
                    new JobFailure(
                            FailureReason.BACKOFF_LIMIT_EXCEEDED,
                            "no attempts left after attempt "
                                    + job.attempt()
                                    + " of "
                                    + job.maxAttempts()
                                    + ": "
                                    + lost.message());
            result =
                    store.fail(job.id(), job.attempt(), JobStatus.PROCESSING, null, now, last, now);
            result.ifPresent(j -> logFailed(j, last));
        }
        return result;
    }

    /**
     * Hands back an attempt whose dispatched worker ended without committing: the next attempt is
     * queued after a back-off, or the job fails when none is left.
     */
    public Optional<Job> abandonAttempt(Job job, JobFailure failure) {
        long now = clock.millis();
        Optional<Job> result;
        if (job.attemptsRemain()) {
            long notBefore = now + backoff.delayAfter(job.attempt()).toMillis();
            result =
                    store.requeue(
                            job.id(),
                            job.attempt(),
                            job.status(),
                            null,
                            null,
                            failure,
                            notBefore,
                            now);
            result.ifPresent(j -> logRetry(j, job.attempt(), failure));
        } else {
            JobFailure last = finalFailure(failure, job.attempt(), job.maxAttempts());
            result = store.fail(job.id(), job.attempt(), job.status(), null, null, last, now);
            result.ifPresent(j -> logFailed(j, last));
        }
        return result;
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
     * The failure a job ends with when an attempt fails for good. A job allowed a single attempt
     * keeps the attempt's own reason, which says more than the limit being reached.
     */
    private static JobFailure finalFailure(JobFailure failure, int attempt, int maxAttempts) {
        if (!failure.reason().retryable() || maxAttempts == 1) {
            return failure;
        }
        return new JobFailure(
                FailureReason.BACKOFF_LIMIT_EXCEEDED,
                "all "
                        + maxAttempts
                        + " attempts failed; attempt "
                        + attempt
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
