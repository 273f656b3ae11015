package io.rsrch.job;

/** What became of a worker's commit: applied now, applied before (a repeat), or refused. */
public enum CommitResult {
    APPLIED,
    ALREADY_APPLIED,
    REFUSED;

    public boolean accepted() {
        return this != REFUSED;
    }
}
