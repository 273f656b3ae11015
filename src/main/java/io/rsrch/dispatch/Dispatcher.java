package io.rsrch.dispatch;

import io.rsrch.job.Job;
import io.rsrch.job.JobFailure;

import java.util.Optional;

/**
 * Starts the work of a queued attempt somewhere: in this process, or as a Windmill job. Dispatching
 * the same attempt twice must be harmless, because the claim lets only one win.
 */
public interface Dispatcher extends AutoCloseable {

    /**
     * Arranges for the job's current attempt to be claimed and carried out. Answers the
     * dispatcher's own handle for it (a Windmill job id), or null when it has none.
     */
    String dispatch(Job job);

    /**
     * Whether the work dispatched for the job's current attempt has ended without committing it (a
     * Windmill job that failed or was cancelled): then the failure to record. Empty while the work
     * may still commit, or when the dispatcher cannot tell.
     */
    default Optional<JobFailure> ended(Job job) {
        return Optional.empty();
    }

    /** Stops the work of the job's current attempt, if this dispatcher started any. */
    void cancel(Job job);

    /**
     * Whether dispatched work outlives this process. A durable dispatcher's attempts are recorded
     * in FalkorDB and never dispatched again; a local one's are dispatched again after a restart.
     */
    boolean durable();

    @Override
    void close();
}
