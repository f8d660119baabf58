package io.trunkline.controlplane.lab;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process the lab started in one of its namespaces, detached from the terminal ({@code setsid}) so that
 * it outlives {@code lab up} and a Ctrl-C in the shell does not reach it. Identified by pid and start time,
 * so a recycled pid is never signalled.
 *
 * @param role         what it is: {@code dispatcher}, {@code backend}, {@code router}
 * @param name         its name in the lab: {@code d1}, {@code b3}, {@code bird}
 * @param namespace    the network namespace it runs in
 * @param pid          its process id
 * @param startMillis  when it started (epoch ms, as the kernel reports it), 0 if unknown
 * @param log          where its stdout and stderr go
 */
public record LabProcess(String role, String name, String namespace, long pid, long startMillis, Path log) {

    /** Starts {@code command} in {@code namespace}, output appended to {@code log}. */
    static LabProcess start(String role, String name, String namespace, Path log, List<String> command) {
        List<String> all = new ArrayList<>(List.of("setsid", "ip", "netns", "exec", namespace));
        all.addAll(command);
        try {
            Process process = new ProcessBuilder(all).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            long started = process.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
            return new LabProcess(role, name, namespace, process.pid(), started, log);
        } catch (IOException e) {
            throw new LabException("cannot start " + role + " " + name + ": " + e.getMessage(), e);
        }
    }

    /** The running process, if this is still it (same pid and start time). */
    Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> startMillis == 0
                || h.info().startInstant().map(i -> Math.abs(i.toEpochMilli() - startMillis) < 1000).orElse(true));
    }

    public boolean alive() {
        return handle().isPresent();
    }

    /** SIGKILL: how the lab fails a dispatcher. */
    void kill() {
        handle().ifPresent(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM, then SIGKILL if it has not ended within {@code grace}; returns once it is gone. */
    void stop(Duration grace) {
        Optional<ProcessHandle> running = handle();
        if (running.isEmpty()) {
            return;
        }
        ProcessHandle process = running.get();
        process.destroy();
        if (!await(process, grace)) {
            process.destroyForcibly();
            await(process, Duration.ofSeconds(5));
        }
    }

    private static boolean await(ProcessHandle process, Duration limit) {
        try {
            process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /**
     * {@code trunkline ARGS} in a new JVM like this one: the same java, JVM flags and class path (so the
     * lab runs from bin/trunkline and from the tests alike), with its own JVM options ({@code -Xmx...}).
     */
    static List<String> trunkline(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-javaagent") && !a.startsWith("-agentlib") && !a.startsWith("-Xm")
                        && !a.startsWith("-XX:") && !a.startsWith("-Xlog"))
                .toList());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.trunkline.controlplane.cli.TrunklineCommand");
        command.addAll(List.of(args));
        return command;
    }
}
