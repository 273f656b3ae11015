package io.rsrch.bench;

import java.util.Collection;

/** The median and 99th percentile (nearest rank) of a set of durations in milliseconds. */
public record Percentiles(int count, double median, double p99, double max) {

    /** Summarises the samples; an empty set gives NaN figures. */
    public static Percentiles of(Collection<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles(
                sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile: the smallest sample with at least that share at or below it. */
    private static double rank(double[] sorted, double share) {
        int index = (int) Math.ceil(share * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Like {@code "median 1.23 ms, p99 4.56 ms (n=1000)"}. */
    public String describe() {
        return "median %s ms, p99 %s ms, max %s ms (n=%d)"
                .formatted(Bench.ms(median), Bench.ms(p99), Bench.ms(max), count);
    }
}
