package io.rsrch.capability;

import io.rsrch.BearerToken;

import io.javalin.http.Context;

/**
 * Checks the bearer token on {@code /internal/*}. Both sides are hashed first so the comparison
 * takes the same time whatever the length or content of the offered token; the token itself is
 * never logged.
 */
final class InternalToken {

    private final BearerToken token;

    InternalToken(String token) {
        this.token = new BearerToken(token);
    }

    /** Answers 401 unless the request carries {@code Authorization: Bearer <token>}. */
    void require(Context ctx) {
        String header = ctx.header("Authorization");
        if (!token.accepts(header)) {
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
}
