package io.trunkline.controlplane.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Short system commands the lab runs to build and inspect its network ({@code ip}, {@code sysctl},
 * {@code ethtool}, {@code nft}): each waits at most 20 s and fails with the command and its output.
 */
final class Commands {
    private static final long LIMIT_SECONDS = 20;

    private Commands() {
    }

    /** What a command printed (stdout and stderr together) and its exit status. */
    record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    /** Runs {@code command}; its output, or an exception naming it and saying what it printed. */
    static String check(String... command) {
        Result result = run(command);
        if (!result.ok()) {
            throw new LabException(String.join(" ", command) + ": " + result.output().strip());
        }
        return result.output();
    }

    /** Runs {@code command} in network namespace {@code namespace}. */
    static String checkIn(String namespace, String... command) {
        return check(inNamespace(namespace, command));
    }

    static String[] inNamespace(String namespace, String... command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    /** Runs {@code command} and returns what happened, failing only when it cannot be started. */
    static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LabException(String.join(" ", command) + ": did not finish within " + LIMIT_SECONDS + " s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException(String.join(" ", command) + ": interrupted");
        }
    }
}
