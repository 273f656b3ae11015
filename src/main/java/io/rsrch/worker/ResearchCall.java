package io.rsrch.worker;

import java.time.Duration;

/** One attempt's request to a capability: which job and attempt, what to research, how long. */
public record ResearchCall(
        String jobId, int attempt, String query, String gem, String sessionId, Duration timeout) {}
