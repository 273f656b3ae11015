package io.rsrch.job;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a job waits before its next attempt: doubling from {@code initial} per attempt up to
 * {@code max}, with up to half of it taken off at random so retries of many jobs spread out.
 */
public record RetryBackoff(Duration initial, Duration max) {

    public static final RetryBackoff DEFAULT =
            new RetryBackoff(Duration.ofSeconds(2), Duration.ofMinutes(2));

    /** The delay before the attempt after {@code failedAttempt}. */
    public Duration delayAfter(int failedAttempt) {
        long ceiling = max.toMillis();
        long exponential = initial.toMillis() << Math.min(Math.max(failedAttempt - 1, 0), 20);
        long delay = Math.min(ceiling, exponential);
        long jitter = delay / 2 == 0 ? 0 : ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        return Duration.ofMillis(delay - jitter);
    }
}
