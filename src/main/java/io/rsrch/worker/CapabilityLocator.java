package io.rsrch.worker;

import io.rsrch.job.Job;

/** Finds the capability an attempt should call: the one of its job's browser pool. */
@FunctionalInterface
public interface CapabilityLocator {

    CapabilityClient locate(Job job);

    /** Every job calls the same capability, as in local mode. */
    static CapabilityLocator fixed(CapabilityClient client) {
        return job -> client;
    }
}
