package io.trunkline.controlplane.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the lab's heartbeats ({@link LabWatch}) saw: the moments the whole machine stopped (the real-time heartbeat missed
 * its ticks) and the moments ordinary processes got no CPU while the machine ran (only the normal-priority one did).
 * Times are CLOCK_MONOTONIC milliseconds, the clock of {@link System#nanoTime()} in every JVM of the machine, so a
 * client's failure time can be set against them.
 *
 * <p>A machine pause is a fact of the environment (the hypervisor stopped the VM, the host was busy): a timeout that
 * one covers may be discounted. A starvation is the machine's own processes, the lab's included, taking every CPU:
 * it explains a failure but excuses none.
 */
public record LabPauses(List<Gap> machine, List<Gap> starved) {
    private static final Pattern GAP = Pattern.compile("gap kind=(\\w+) start_mono_ms=(\\d+) end_mono_ms=(\\d+)");
    /** The heartbeats tick every 100 ms: that much of every gap is the tick itself. */
    private static final long TICK_MS = 100;

    /** One stretch of missed heartbeats. */
    public record Gap(long startMonoMs, long endMonoMs) {
        long millis() {
            return endMonoMs - startMonoMs - TICK_MS;
        }

        boolean overlaps(long fromMonoMs, long toMonoMs) {
            return startMonoMs < toMonoMs && endMonoMs > fromMonoMs;
        }
    }

    /** Reads the heartbeats of the lab in {@code plan}'s directory (none yet: no gaps). */
    static LabPauses of(LabPlan plan) {
        List<Gap> machine = gaps(LabWatch.machineLog(plan));
        List<Gap> scheduler = gaps(LabWatch.schedulerLog(plan));
        List<Gap> starved = scheduler.stream()
                .filter(g -> machine.stream().noneMatch(m -> m.overlaps(g.startMonoMs(), g.endMonoMs()))).toList();
        return new LabPauses(machine, starved);
    }

    /** Only the gaps that ended after {@code monoMs}. */
    public LabPauses since(long monoMs) {
        return new LabPauses(machine.stream().filter(g -> g.endMonoMs() > monoMs).toList(),
                starved.stream().filter(g -> g.endMonoMs() > monoMs).toList());
    }

    /** Whether a machine pause excuses {@code event}: a timeout or stall during which the machine stopped. */
    public boolean excuses(ClientEvents.Event event) {
        return event.isTimeout() && machine.stream().anyMatch(g -> g.overlaps(event.startMonoMs(), event.endMonoMs()));
    }

    public long machinePausedMillis() {
        return machine.stream().mapToLong(Gap::millis).sum();
    }

    /**
     * {@code machine_paused_ms=.. machine_pauses=.. longest_machine_pause_ms=.. cpu_starved_ms=.. cpu_starvations=..
     * longest_cpu_starvation_ms=..}
     */
    public String summary() {
        return String.format(Locale.ROOT, "machine_paused_ms=%d machine_pauses=%d longest_machine_pause_ms=%d "
                        + "cpu_starved_ms=%d cpu_starvations=%d longest_cpu_starvation_ms=%d",
                machinePausedMillis(), machine.size(), longest(machine), starved.stream().mapToLong(Gap::millis).sum(),
                starved.size(), longest(starved));
    }

    /** Each gap as {@code start..end (N ms)}, for a failure message. */
    public String windows() {
        return "machine paused at " + describe(machine) + ", processes starved of CPU at " + describe(starved)
                + " (CLOCK_MONOTONIC ms)";
    }

    private static String describe(List<Gap> gaps) {
        return gaps.stream().map(g -> g.startMonoMs() + ".." + g.endMonoMs() + " (" + g.millis() + " ms)").toList().toString();
    }

    private static long longest(List<Gap> gaps) {
        return gaps.stream().mapToLong(Gap::millis).max().orElse(0);
    }

    private static List<Gap> gaps(Path log) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            return Files.readAllLines(log).stream().map(GAP::matcher).filter(Matcher::lookingAt)
                    .map(m -> new Gap(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)))).toList();
        } catch (IOException e) {
            throw new LabException("cannot read " + log + ": " + e.getMessage(), e);
        }
    }
}
