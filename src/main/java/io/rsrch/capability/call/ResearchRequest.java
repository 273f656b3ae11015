package io.rsrch.capability.call;

/**
 * What a worker asks the capability to research for one attempt of a job.
 *
 * @param jobId the job
 * @param attempt the attempt number, from 1
 * @param query the research question, passed to the site verbatim
 * @param gem the gem to research with, or null
 * @param sessionId the caller's session, or null (reported, not used by the browser)
 * @param timeoutMs the caller's own time limit for the call, or null for the capability default
 */
public record ResearchRequest(
        String jobId, int attempt, String query, String gem, String sessionId, Long timeoutMs) {

    /** Longest query accepted; a longer one is refused before any tab is taken. */
    public static final int MAX_QUERY_LENGTH = 20_000;
}
