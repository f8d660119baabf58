package io.trunkline.controlplane.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A network namespace a test creates and deletes (with every veth end inside it). */
public final class Netns implements AutoCloseable {
    public final String name;

    private Netns(String name) {
        this.name = name;
    }

    public static Netns create(String name) throws IOException {
        run("ip", "netns", "del", name);
        check("ip", "netns", "add", name);
        Netns ns = new Netns(name);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    /** Runs {@code ip -n NAME ARGS...}, failing with its output when it fails. */
    public String ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return check(command.toArray(String[]::new));
    }

    /** Runs {@code ARGS...} inside the namespace, failing with its output when it fails. */
    public String exec(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name));
        command.addAll(List.of(args));
        return check(command.toArray(String[]::new));
    }

    @Override
    public void close() throws IOException {
        run("ip", "netns", "del", name);
    }

    static String check(String... command) throws IOException {
        Result result = run(command);
        if (result.status != 0) {
            throw new IOException(String.join(" ", command) + ": " + result.output.strip());
        }
        return result.output;
    }

    private record Result(int status, String output) {
    }

    private static Result run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(process.exitValue(), output);
    }
}
