package io.rsrch.operator.pool;

import io.rsrch.operator.crd.BrowserPool;

/** Counts the tabs of a pool that running attempts hold right now, for the pool's status. */
@FunctionalInterface
public interface BusyTabs {

    /** The number of busy tabs of {@code pool}. */
    int count(BrowserPool pool);

    /** A count that is always 0, for when nothing tracks running attempts. */
    static BusyTabs none() {
        return pool -> 0;
    }
}
