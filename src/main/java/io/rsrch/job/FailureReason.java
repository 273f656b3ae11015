package io.rsrch.job;

/**
 * Why an attempt or a job failed. The wire name is what users see in REST errors, FalkorDB and
 * {@code ResearchJob} conditions; {@code retryable} says whether another attempt may help.
 */
public enum FailureReason {
    /** The site shows a sign-in page: the browser profile must be signed in again. */
    AUTH_REQUIRED("AuthRequired", false),
    /** The site offers no Deep Research mode; a plain chat answer is never taken instead. */
    DEEP_RESEARCH_UNAVAILABLE("DeepResearchUnavailable", false),
    /** The site showed an error instead of a report. */
    SITE_ERROR("SiteError", false),
    /** The attempt ran out of time before the report was finished. */
    TIMEOUT("Timeout", true),
    /** The browser crashed or disconnected during the attempt. */
    BROWSER_CRASHED("BrowserCrashed", true),
    /** No capability answered, or it went away during the call. */
    CAPABILITY_UNAVAILABLE("CapabilityUnavailable", true),
    /** The dispatched worker ended without committing the attempt (e.g. a Windmill job died). */
    WORKER_LOST("WorkerLost", true),
    /** The worker holding the attempt stopped renewing its lease. */
    LEASE_EXPIRED("LeaseExpired", true),
    /** Every allowed attempt failed. */
    BACKOFF_LIMIT_EXCEEDED("BackoffLimitExceeded", false),
    /** The job ran longer than its deadline. */
    DEADLINE_EXCEEDED("DeadlineExceeded", false),
    /** The job's parameters cannot be carried out. */
    INVALID_SPEC("InvalidSpec", false),
    /** Someone cancelled the job. */
    CANCELLED("Cancelled", false);

    private final String wireName;
    private final boolean retryable;

    FailureReason(String wireName, boolean retryable) {
        this.wireName = wireName;
        this.retryable = retryable;
    }

    public String wireName() {
        return wireName;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Reads a wire name; an unknown name becomes {@link #SITE_ERROR} so nothing is dropped. */
    public static FailureReason fromWireName(String name) {
        for (FailureReason reason : values()) {
            if (reason.wireName.equals(name)) {
                return reason;
            }
        }
        return SITE_ERROR;
    }
}
