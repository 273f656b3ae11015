package io.rsrch.job;

/** Why a job or one of its attempts failed, in words a user can act on. */
public record JobFailure(FailureReason reason, String message) {}
