package io.trunkline.controlplane.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Round-trip latencies a generator measured (Pktgen's timestamped probes through the dispatcher and
 * back), as the percentiles the report and its plot give.
 */
public record Latency(long[] sortedNanos) {
    /** The percentiles reported, in this order; 100 is the largest sample. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9, 100};
    /** No samples: the generator does not measure latency, or none of its probes came back. */
    static final Latency NONE = new Latency(new long[0]);

    public Latency {
        sortedNanos = sortedNanos.clone();
        Arrays.sort(sortedNanos);
    }

    public boolean isEmpty() {
        return sortedNanos.length == 0;
    }

    public int samples() {
        return sortedNanos.length;
    }

    /** The nearest-rank percentile {@code p} (0 < p <= 100), microseconds. */
    public double micros(double p) {
        int rank = (int) Math.ceil(p / 100 * sortedNanos.length);
        return sortedNanos[Math.clamp(rank - 1, 0, sortedNanos.length - 1)] / 1e3;
    }

    /** {@code p50}, {@code p90}, ... to microseconds, in {@link #PERCENTILES} order. */
    public Map<String, Double> percentilesMicros() {
        Map<String, Double> byName = new LinkedHashMap<>();
        for (double p : PERCENTILES) {
            byName.put("p" + (p == Math.rint(p) ? Integer.toString((int) p) : String.format(Locale.ROOT, "%s", p)), micros(p));
        }
        return byName;
    }
}
