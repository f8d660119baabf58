package io.trunkline.controlplane.bench;

import java.util.Arrays;

/** Repeated measurements of one thing: every value, and their min, median and max. */
public record Spread(double[] values) {
    public Spread {
        values = values.clone();
    }

    public double min() {
        return Arrays.stream(values).min().orElse(0);
    }

    public double median() {
        return ScenarioDispatch.median(values);
    }

    public double max() {
        return Arrays.stream(values).max().orElse(0);
    }

    /** This median over {@code other}'s, 0 when the other has none. */
    public double ratioTo(Spread other) {
        return other.median() > 0 ? median() / other.median() : 0;
    }
}
