package io.rsrch.api;

import io.rsrch.job.Job;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.NewJob;

import java.util.Optional;

/**
 * Starts and stops jobs by writing FalkorDB directly, for an api that runs apart from the
 * supervision carrying the jobs out ({@code rsrch local} or the operator watching the same graph).
 */
public final class StoreJobControl implements JobControl {

    private final JobLifecycle lifecycle;

    public StoreJobControl(JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Job submit(NewJob job) {
        return lifecycle.submit(job);
    }

    @Override
    public Optional<Job> cancel(String jobId, String why) {
        return lifecycle.cancel(jobId, why);
    }
}
