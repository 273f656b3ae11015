package io.rsrch.api;

/** A request the api cannot accept, with the HTTP status to answer and what to change. */
public class BadRequestException extends RuntimeException {

    private final int status;

    public BadRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
