package io.rsrch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret of rsrch's internal endpoints, checked against {@code Authorization: Bearer}
 * headers. Both sides are hashed first so the comparison takes the same time whatever is offered;
 * the token itself is never printed.
 */
public final class BearerToken {

    private final byte[] expectedHash;

    public BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(
                    "an internal token is required: set RSRCH_INTERNAL_TOKEN to a long random"
                            + " secret shared by the api, the workers and the capabilities");
        }
        this.expectedHash = sha256(token);
    }

    /** Whether an {@code Authorization} header value carries this token. */
    public boolean accepts(String authorizationHeader) {
        String offered =
                authorizationHeader != null
                                && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? authorizationHeader.substring(7).strip()
                        : "";
        return MessageDigest.isEqual(expectedHash, sha256(offered));
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
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
