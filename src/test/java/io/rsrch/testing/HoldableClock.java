package io.rsrch.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The system clock, except that a test can hold it at one instant and let it go again: whoever
 * reads it sees no time pass while it is held, so nothing it schedules falls due.
 */
public final class HoldableClock extends Clock {

    private final Clock source;
    private volatile Instant heldAt;

    public HoldableClock(Clock source) {
        this.source = source;
    }

    /** Stops the clock at this instant. */
    public void hold() {
        heldAt = source.instant();
    }

    /** Lets the clock follow its source again. */
    public void release() {
        heldAt = null;
    }

    @Override
    public Instant instant() {
        Instant held = heldAt;
        return held != null ? held : source.instant();
    }

    @Override
    public ZoneId getZone() {
        return source.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new HoldableClock(source.withZone(zone));
    }
}
