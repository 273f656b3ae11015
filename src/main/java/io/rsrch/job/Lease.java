package io.rsrch.job;

/**
 * The right to carry out one attempt of a job until {@code expiresAt}. Every commit presents the
 * token, so a worker whose lease was taken away can no longer change the job.
 */
public record Lease(String jobId, int attempt, String token, long expiresAt) {

    @Override
    public String toString() {
        return "Lease[jobId=" + jobId + ", attempt=" + attempt + ", expiresAt=" + expiresAt + "]";
    }
}
