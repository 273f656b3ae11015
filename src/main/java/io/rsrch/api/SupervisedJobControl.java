package io.rsrch.api;

import io.rsrch.job.Job;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobSupervisor;
import io.rsrch.job.NewJob;

import java.util.Optional;

/**
 * Starts and stops jobs where this process also supervises them: straight into FalkorDB, then the
 * new job goes to supervision so its attempt is dispatched at once rather than at the next scan.
 */
public final class SupervisedJobControl implements JobControl {

    private final JobLifecycle lifecycle;
    private final JobSupervisor supervisor;

    public SupervisedJobControl(JobLifecycle lifecycle, JobSupervisor supervisor) {
        this.lifecycle = lifecycle;
        this.supervisor = supervisor;
    }

    @Override
    public Job submit(NewJob job) {
        Job stored = lifecycle.submit(job);
        supervisor.submitted(stored);
        return stored;
    }

    @Override
    public Optional<Job> cancel(String jobId, String why) {
        return supervisor.cancel(jobId, why);
    }
}
