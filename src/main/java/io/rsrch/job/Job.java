package io.rsrch.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job as stored in FalkorDB. Times are epoch milliseconds; {@code null} where they have not
 * happened yet. {@code dispatchedAttempt} is the last attempt a durable dispatcher accepted and
 * {@code dispatchRef} its handle there (a Windmill job id). The lease token is deliberately absent:
 * only the holder of a lease knows it.
 */
public record Job(
        String id,
        JobType type,
        JobStatus status,
        int attempt,
        int maxAttempts,
        Map<String, Object> params,
        String sessionId,
        JobFailure failure,
        Long leaseExpiresAt,
        Long notBefore,
        Long deadlineAt,
        long createdAt,
        Long startedAt,
        Long completedAt,
        long updatedAt,
        String capabilityPod,
        String reportTitle,
        Integer sourceCount,
        String pool,
        JobOwner owner,
        Integer dispatchedAttempt,
        String dispatchRef) {

    public Job {
        params =
                params == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The research question, for job types that have one. */
    public String query() {
        Object query = params.get("query");
        return query == null ? null : query.toString();
    }

    /** Whether a durable dispatcher already took the current attempt. */
    public boolean currentAttemptDispatched() {
        return dispatchedAttempt != null && dispatchedAttempt >= attempt;
    }

    public boolean attemptsRemain() {
        return attempt < maxAttempts;
    }
}
