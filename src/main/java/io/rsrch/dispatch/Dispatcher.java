package io.rsrch.dispatch;

import io.rsrch.job.Job;

/**
 * Starts the work of a queued attempt somewhere: in this process, or as a Windmill job. Dispatching
 * the same attempt twice must be harmless, because the claim lets only one win.
 */
public interface Dispatcher extends AutoCloseable {

    /** Arranges for the job's current attempt to be claimed and carried out. */
    void dispatch(Job job);

    /** Stops the work of the job's current attempt, if this dispatcher started any. */
    void cancel(Job job);

    /** Whether dispatched work outlives this process (then a restart need not dispatch again). */
    boolean durable();

    @Override
    void close();
}
