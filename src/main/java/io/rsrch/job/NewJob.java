package io.rsrch.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a submission asks for: the id it will be known by everywhere, its type and parameters, its
 * session, and how many attempts and how long it may take ({@code deadlineAt} may be null).
 */
public record NewJob(
        String id,
        JobType type,
        Map<String, Object> params,
        String sessionId,
        int maxAttempts,
        Long deadlineAt) {

    public NewJob {
        params =
                params == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a job needs at least one attempt");
        }
    }
}
