package io.rsrch.windmill;

/** Windmill refused a call or could not be reached; {@code status} is 0 when nothing answered. */
public class WindmillException extends RuntimeException {

    private final int status;

    public WindmillException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Whether trying again later may succeed: no answer, or a server-side error. */
    public boolean transientFailure() {
        return status == 0 || status == 429 || status >= 500;
    }
}
