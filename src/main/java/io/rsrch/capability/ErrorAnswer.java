package io.rsrch.capability;

/** Thrown by a handler to answer at once with the given error. */
final class ErrorAnswer extends RuntimeException {

    private final CallError error;

    ErrorAnswer(CallError error) {
        super(error.message());
        this.error = error;
    }

    CallError error() {
        return error;
    }
}
