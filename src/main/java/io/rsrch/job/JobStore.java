package io.rsrch.job;

import java.util.List;
import java.util.Optional;

/**
 * Where jobs are kept. Every method that changes a job is one compare-and-set: it names the state
 * it expects and answers empty (or false) when the job has moved on, changing nothing.
 */
public interface JobStore {

    /** Creates what the store's queries rely on; safe to call on every start. */
    void prepare();

    boolean reachable();

    /**
     * Calls the listener each time the store answers again after a call that could not reach it.
     */
    void onReconnect(Runnable listener);

    /** Stores a new queued job, or answers the existing job with that id unchanged. */
    Job create(NewJob job, long now);

    Optional<Job> find(String id);

    /** The newest jobs first. */
    List<Job> list(int limit);

    /** The newest jobs in one status first. */
    List<Job> list(JobStatus status, int limit);

    List<Job> findByStatus(JobStatus status, int limit);

    List<Job> findExpiredLeases(long now, int limit);

    /** How many jobs of a browser pool are running now; each holds one tab. */
    int countProcessing(String pool, String namespace);

    Optional<Job> claim(
            String id, int attempt, String claimant, String token, long expiresAt, long now);

    Optional<String> reclaim(String id, int attempt, String claimant, long expiresAt, long now);

    boolean renew(Lease lease, long expiresAt, long now);

    /**
     * Records that a durable dispatcher accepted the attempt, once: false when that attempt (or a
     * later one) was recorded already.
     */
    boolean markDispatched(String id, int attempt, String dispatchRef, long now);

    Optional<Job> complete(Lease lease, Report report, String capabilityPod, long now);

    boolean committedBy(Lease lease, JobStatus status);

    /**
     * Ends a job failed. With a token only that lease's holder can; with {@code leaseExpiredBefore}
     * only while the lease is still expired.
     */
    Optional<Job> fail(
            String id,
            int attempt,
            JobStatus expected,
            String token,
            Long leaseExpiredBefore,
            JobFailure failure,
            long now);

    /**
     * Puts an attempt that is in {@code expected} status (processing, or queued but lost by its
     * dispatcher) back in the queue as the next attempt, due at notBefore.
     */
    Optional<Job> requeue(
            String id,
            int attempt,
            JobStatus expected,
            String token,
            Long leaseExpiredBefore,
            JobFailure failure,
            long notBefore,
            long now);

    Optional<Job> cancel(String id, String message, long now);

    Optional<Report> report(String id);

    /**
     * Moves up to {@code limit} finished jobs out of the store's working set into its history,
     * where every read still finds them; answers how many it moved.
     */
    int moveFinishedToHistory(int limit);

    List<String> jobsCiting(String url);
}
