package io.rsrch.capability;

import io.rsrch.capability.browser.BrowserUnavailable;
import io.rsrch.capability.site.SiteFailure;
import io.rsrch.capability.tab.TabsBusy;
import io.rsrch.job.FailureReason;

import io.javalin.http.Context;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * An error answer of the capability: HTTP status, a reason (a {@link FailureReason} wire name, or
 * {@code Unauthorized}) and a message, written as {@code {"error": {"reason", "message"}}}.
 */
record CallError(int status, String reason, String message, Duration retryAfter) {

    static CallError of(int status, FailureReason reason, String message) {
        return new CallError(status, reason.wireName(), message, null);
    }

    /** The answer for whatever ended a call. */
    static CallError from(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TabsBusy busy) {
            return new CallError(
                    429,
                    FailureReason.CAPABILITY_UNAVAILABLE.wireName(),
                    busy.getMessage(),
                    busy.retryAfter());
        }
        if (cause instanceof BrowserUnavailable unavailable) {
            return of(503, FailureReason.BROWSER_CRASHED, unavailable.getMessage());
        }
        if (cause instanceof SiteFailure site) {
            return of(statusOf(site.reason()), site.reason(), site.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return of(
                    504,
                    FailureReason.TIMEOUT,
                    "the call did not finish within its time limit; no partial report is"
                            + " returned");
        }
        return of(
                500,
                FailureReason.SITE_ERROR,
                "unexpected failure in the capability: "
                        + cause.getClass().getSimpleName()
                        + ": "
                        + cause.getMessage()
                        + "; see the capability's log");
    }

    static int statusOf(FailureReason reason) {
        return switch (reason) {
            case AUTH_REQUIRED, DEEP_RESEARCH_UNAVAILABLE, SITE_ERROR -> 422;
            case TIMEOUT -> 504;
            case BROWSER_CRASHED -> 502;
            case CANCELLED -> 409;
            case INVALID_SPEC -> 400;
            case CAPABILITY_UNAVAILABLE -> 503;
            default -> 500;
        };
    }

    void write(Context ctx) {
        if (retryAfter != null) {
            ctx.header("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        ctx.status(status).json(Map.of("error", Map.of("reason", reason, "message", message)));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
