package io.trunkline.controlplane.cli;

import java.util.Locale;

/** Durations as an operator reads them in a table: {@code 850ms}, {@code 12s}, {@code 3m04s}, {@code 5h02m}, {@code 2d05h}. */
final class Human {
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private Human() {
    }

    static String millis(long millis) {
        if (millis < SECOND) {
            return millis + "ms";
        }
        if (millis < MINUTE) {
            return millis / SECOND + "s";
        }
        if (millis < HOUR) {
            return String.format(Locale.ROOT, "%dm%02ds", millis / MINUTE, millis % MINUTE / SECOND);
        }
        if (millis < DAY) {
            return String.format(Locale.ROOT, "%dh%02dm", millis / HOUR, millis % HOUR / MINUTE);
        }
        return String.format(Locale.ROOT, "%dd%02dh", millis / DAY, millis % DAY / HOUR);
    }

    /** A check's latency: {@code 850us}, {@code 12.5ms}, {@code 1.2s}. */
    static String micros(long micros) {
        if (micros < 1000) {
            return micros + "us";
        }
        if (micros < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1fs", micros / 1_000_000.0);
    }
}
