package io.rsrch.api;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The {@code Idempotency-Key} a client may send with a submission. The job id is derived from the
 * key, so the same key always names the same job: a retried request finds the job it created before
 * instead of queueing a second one.
 */
final class IdempotencyKey {

    static final String HEADER = "Idempotency-Key";
    private static final int MAX_LENGTH = 200;

    private IdempotencyKey() {}

    /** The job id for this header value, or a fresh random id when there is no key. */
    static String jobId(String header) {
        if (header == null) {
            return UUID.randomUUID().toString();
        }
        String key = header.strip();
        if (key.isEmpty()
                || key.length() > MAX_LENGTH
                || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new BadRequestException(
                    400,
                    HEADER
                            + " must be 1 to "
                            + MAX_LENGTH
                            + " printable ASCII characters, e.g. a UUID");
        }
        return UUID.nameUUIDFromBytes(("rsrch-idempotency:" + key).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
