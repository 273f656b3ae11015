package io.rsrch.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a submission asks for: the id it will be known by everywhere, its type and parameters, its
 * session, how many attempts and how long it may take ({@code deadlineAt} may be null), the browser
 * pool to run on, and the {@code ResearchJob} it mirrors ({@code owner}, null when the job came
 * through the api in local mode).
 */
public record NewJob(
        String id,
        JobType type,
        Map<String, Object> params,
        String sessionId,
        int maxAttempts,
        Long deadlineAt,
        String pool,
        JobOwner owner) {

    public static final String DEFAULT_POOL = "default";

    public NewJob {
        params =
                params == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        pool = pool == null || pool.isBlank() ? DEFAULT_POOL : pool;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a job needs at least one attempt");
        }
    }

    public NewJob(
            String id,
            JobType type,
            Map<String, Object> params,
            String sessionId,
            int maxAttempts,
            Long deadlineAt) {
        this(id, type, params, sessionId, maxAttempts, deadlineAt, DEFAULT_POOL, null);
    }
}
