package io.rsrch.store;

/** FalkorDB could not be reached or refused a query; callers answer 503 and keep the job. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
