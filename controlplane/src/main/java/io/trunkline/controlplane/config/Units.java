package io.trunkline.controlplane.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations ({@code 2s}, {@code 100ms}, {@code 20us}, {@code 1m30s}) and byte sizes ({@code 2GiB})
 * as the config file writes them. Whole numbers only, one unit per term, no spaces.
 */
public final class Units {
    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ns|us|µs|ms|s|m|h))+");
    private static final Pattern DURATION_TERM = Pattern.compile("(\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KiB|MiB|GiB|TiB)?");

    private record Unit(String symbol, long factor) {
    }

    private static final List<Unit> DURATION_UNITS = List.of(new Unit("h", 3_600_000_000_000L),
            new Unit("m", 60_000_000_000L), new Unit("s", 1_000_000_000L), new Unit("ms", 1_000_000L),
            new Unit("us", 1_000L), new Unit("ns", 1L));
    private static final List<Unit> SIZE_UNITS = List.of(new Unit("TiB", 1L << 40), new Unit("GiB", 1L << 30),
            new Unit("MiB", 1L << 20), new Unit("KiB", 1L << 10), new Unit("B", 1L));

    private Units() {
    }

    public static Duration parseDuration(String text) {
        if (!DURATION.matcher(text).matches()) {
            throw new IllegalArgumentException("must be a duration like 2s, 100ms, 20us or 1m30s");
        }
        long nanos = 0;
        Matcher term = DURATION_TERM.matcher(text);
        try {
            while (term.find()) {
                String symbol = term.group(2).equals("µs") ? "us" : term.group(2);
                long factor = DURATION_UNITS.stream().filter(u -> u.symbol().equals(symbol)).findFirst().orElseThrow().factor();
                nanos = Math.addExact(nanos, Math.multiplyExact(Long.parseLong(term.group(1)), factor));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("must be a duration of at most 292 years");
        }
        return Duration.ofNanos(nanos);
    }

    /** The largest unit that writes the duration exactly: 300s as 5m, 1500ms as 1500ms. */
    public static String formatDuration(Duration duration) {
        return format(duration.toNanos(), DURATION_UNITS, "s");
    }

    /** Bytes: a plain number, or a number and a binary unit (B, KiB, MiB, GiB, TiB). */
    public static long parseSize(String text) {
        Matcher size = SIZE.matcher(text);
        if (!size.matches()) {
            throw new IllegalArgumentException("must be a size like 512MiB or 2GiB (units B, KiB, MiB, GiB, TiB)");
        }
        String symbol = size.group(2) == null ? "B" : size.group(2);
        long factor = SIZE_UNITS.stream().filter(u -> u.symbol().equals(symbol)).findFirst().orElseThrow().factor();
        try {
            return Math.multiplyExact(Long.parseLong(size.group(1)), factor);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("must be a size below 8192PiB");
        }
    }

    /** The largest binary unit that writes the size exactly: 2147483648 as 2GiB. */
    public static String formatSize(long bytes) {
        return format(bytes, SIZE_UNITS, "B");
    }

    private static String format(long value, List<Unit> units, String zeroUnit) {
        if (value == 0) {
            return "0" + zeroUnit;
        }
        for (Unit unit : units) {
            if (value % unit.factor() == 0) {
                return String.format(Locale.ROOT, "%d%s", value / unit.factor(), unit.symbol());
            }
        }
        throw new AssertionError("the smallest unit divides everything");
    }
}
