package io.rsrch.local;

import io.rsrch.api.JobControl;
import io.rsrch.job.Job;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobSupervisor;
import io.rsrch.job.NewJob;

import java.util.Optional;

/** Starts and stops jobs on one machine: straight into FalkorDB, then local supervision. */
final class LocalJobControl implements JobControl {

    private final JobLifecycle lifecycle;
    private final JobSupervisor supervisor;

    LocalJobControl(JobLifecycle lifecycle, JobSupervisor supervisor) {
        this.lifecycle = lifecycle;
        this.supervisor = supervisor;
    }

    @Override
    public Job submit(NewJob job) {
        Job stored = lifecycle.submit(job);
        supervisor.wake();
        return stored;
    }

    @Override
    public Optional<Job> cancel(String jobId, String why) {
        return supervisor.cancel(jobId, why);
    }
}
