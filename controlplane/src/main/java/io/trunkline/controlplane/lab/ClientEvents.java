package io.trunkline.controlplane.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each of a lab client's failures and stalls happened: the attempt's start and end on CLOCK_MONOTONIC (the clock
 * of {@link System#nanoTime()} and of the lab's heartbeats), and why. Printed by the client as {@code event ...} lines
 * at its end, read back by the tests, which set them against {@link LabPauses}: a timeout inside a machine pause is the
 * machine's, anything else is the product's. Thread-safe; keeps the first {@value #LIMIT}.
 */
public final class ClientEvents {
    /** Enough for any run that is not broken through and through; past it no failure can be excused. */
    static final int LIMIT = 1000;
    private static final Pattern LINE = Pattern.compile(
            "event kind=(\\S+) reason=(\\S+) start_mono_ms=(\\d+) end_mono_ms=(\\d+)");

    private final List<Event> events = new ArrayList<>();
    private long dropped;

    /**
     * One failure or stall.
     *
     * @param kind   {@code failure} (the attempt or the connection ended in error) or {@code stall} (it took too long)
     * @param reason the client's reason, as in its {@code failure} lines ({@code read_timed_out}, ...)
     */
    public record Event(String kind, String reason, long startMonoMs, long endMonoMs) {
        /** A timeout or a stall: what a machine that stopped running would cause. Never a reset, a refusal, a bad byte. */
        public boolean isTimeout() {
            return kind.equals("stall") || reason.endsWith("timed_out");
        }

        String line() {
            return "event kind=" + kind + " reason=" + reason + " start_mono_ms=" + startMonoMs + " end_mono_ms=" + endMonoMs;
        }
    }

    /** Records an event that began at {@code startNanos} ({@link System#nanoTime()}) and ends now. */
    public synchronized void add(String kind, String reason, long startNanos) {
        if (events.size() == LIMIT) {
            dropped++;
            return;
        }
        events.add(new Event(kind, reason, startNanos / 1_000_000, System.nanoTime() / 1_000_000));
    }

    /** The {@code event ...} lines, then {@code events_dropped=N} when the limit was passed. */
    public synchronized List<String> lines() {
        List<String> lines = new ArrayList<>(events.stream().map(Event::line).toList());
        if (dropped > 0) {
            lines.add("events_dropped=" + dropped);
        }
        return lines;
    }

    /** The events among a client's printed lines; null when some were dropped (then none can be excused). */
    public static List<Event> parse(List<String> lines) {
        List<Event> parsed = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("events_dropped=")) {
                return null;
            }
            Matcher m = LINE.matcher(line);
            if (m.lookingAt()) {
                parsed.add(new Event(m.group(1), m.group(2), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
            }
        }
        return parsed;
    }
}
