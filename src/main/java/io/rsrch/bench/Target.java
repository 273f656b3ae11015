package io.rsrch.bench;

/**
 * A goal a figure is held against: met or {@code MISSED}, never a failure of the run.
 *
 * @param what the figure, e.g. "claim at 100 000 jobs, median"
 * @param measured the figure itself
 * @param limit the bound it should stay within
 * @param atMost true when the figure should be at most the limit, false when at least
 * @param unit printed after both numbers
 */
public record Target(String what, double measured, double limit, boolean atMost, String unit) {

    public boolean met() {
        return !Double.isNaN(measured) && (atMost ? measured <= limit : measured >= limit);
    }

    /** Like {@code "met claim median: 0.41 ms (target <= 2 ms)"}. */
    public String line() {
        return "%-7s %s: %s %s (target %s %s %s)"
                .formatted(
                        met() ? "met" : "MISSED",
                        what,
                        Bench.ms(measured),
                        unit,
                        atMost ? "<=" : ">=",
                        Bench.ms(limit),
                        unit);
    }
}
