package io.trunkline.controlplane.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The lab's two heartbeats ({@code lab-watch.c}, built here with {@code cc}): one at real-time priority whose missed
 * ticks mean the machine itself paused, one at normal priority whose missed ticks, where the first kept time, mean
 * ordinary processes were starved of CPU. They run beside everything the lab starts and stall with none of it; what
 * they wrote is read back by {@link LabPauses}.
 */
final class LabWatch {
    /** Real-time priority of the machine watch: above every process of the lab (none is real-time). */
    private static final String MACHINE_PRIORITY = "10";

    private LabWatch() {
    }

    static Path machineLog(LabPlan plan) {
        return plan.directory().resolve("watch-machine.log");
    }

    static Path schedulerLog(LabPlan plan) {
        return plan.directory().resolve("watch-scheduler.log");
    }

    /** Builds the watch program into the lab's directory and starts both heartbeats in {@code namespace}. */
    static List<LabProcess> start(LabPlan plan, String namespace) {
        Path binary = build(plan.directory());
        return List.of(
                LabProcess.start("watch", "watch-machine", namespace, plan.directory().resolve("watch.out"),
                        List.of("chrt", "-f", MACHINE_PRIORITY, binary.toString(), "machine", machineLog(plan).toString())),
                LabProcess.start("watch", "watch-scheduler", namespace, plan.directory().resolve("watch.out"),
                        List.of(binary.toString(), "scheduler", schedulerLog(plan).toString())));
    }

    private static Path build(Path directory) {
        Path source = directory.resolve("lab-watch.c");
        Path binary = directory.resolve("lab-watch");
        try (InputStream in = LabWatch.class.getResourceAsStream("lab-watch.c")) {
            if (in == null) {
                throw new LabException("lab-watch.c is missing from the class path: rebuild with make build");
            }
            Files.copy(in, source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + source + ": " + e.getMessage(), e);
        }
        Commands.check("cc", "-O2", "-o", binary.toString(), source.toString());
        return binary;
    }
}
