package io.rsrch.capability;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks the bearer token on {@code /internal/*}. Both sides are hashed first so the comparison
 * takes the same time whatever the length or content of the offered token; the token itself is
 * never logged.
 */
final class InternalToken {

    private final byte[] expectedHash;

    InternalToken(String token) {
        this.expectedHash = sha256(token);
    }

    /** Answers 401 unless the request carries {@code Authorization: Bearer <token>}. */
    void require(Context ctx) {
        String header = ctx.header("Authorization");
        String offered =
                header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? header.substring(7).strip()
                        : "";
        if (!MessageDigest.isEqual(expectedHash, sha256(offered))) {
            throw new ErrorAnswer(
                    new CallError(
                            401,
                            "Unauthorized",
                            header == null
                                    ? "send Authorization: Bearer <internal token>"
                                    : "the bearer token is wrong; use the capability's"
                                            + " RSRCH_INTERNAL_TOKEN",
                            null));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
