package io.rsrch.api;

import io.rsrch.job.Job;
import io.rsrch.job.NewJob;

import java.util.Optional;

/**
 * How the api starts and stops jobs. In local mode a job goes straight to FalkorDB and local
 * supervision; in a cluster it becomes a {@code ResearchJob} that the operator carries out.
 */
public interface JobControl {

    /** Accepts a job; submitting an id that exists answers the existing job. */
    Job submit(NewJob job);

    /** Cancels a job that has not finished; empty when it is unknown or already finished. */
    Optional<Job> cancel(String jobId, String why);
}
