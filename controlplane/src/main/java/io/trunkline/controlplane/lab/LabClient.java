package io.trunkline.controlplane.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code trunkline lab client ...} running in the lab's client namespace, its lines read as they come. It
 * runs until its standard input is closed ({@link #stop}) or its own limit; what it counted is in its last
 * lines as {@code key=value} fields ({@link #fields}).
 */
public final class LabClient implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private LabClient(Process process, Consumer<String> onLine) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("lab-client-" + process.pid()).start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    onLine.accept(line);
                }
            } catch (IOException ignored) {
                // The client ended: its lines are all in.
            }
        });
    }

    /** Starts {@code trunkline lab client ARGS} in {@code plan}'s client namespace; every line also goes to {@code onLine}. */
    public static LabClient start(LabPlan plan, Consumer<String> onLine, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", plan.clientNamespace()));
        List<String> trunkline = new ArrayList<>(List.of("lab", "client"));
        trunkline.addAll(List.of(args));
        command.addAll(LabProcess.trunkline(List.of("-Xmx128m", "-XX:+UseSerialGC"), trunkline.toArray(String[]::new)));
        try {
            return new LabClient(new ProcessBuilder(command).redirectErrorStream(true).start(), onLine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the lab client: " + e.getMessage(), e);
        }
    }

    /** Every line printed so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits for a line starting with {@code prefix}; fails if the client ends first or after {@code limit}. */
    public String awaitLine(String prefix, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            for (String line : lines()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!process.isAlive() && !reader.isAlive()) {
                throw new LabException("the client ended without \"" + prefix + "\": " + String.join("\n", lines()));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LabException("no \"" + prefix + "\" from the client within " + limit.toSeconds() + " s: "
                        + String.join("\n", lines()));
            }
            Lab.sleep(Duration.ofMillis(50));
        }
    }

    /** The time of the client's last progress line ({@code progress t=Ns}), 0 before the first. */
    public long progressSeconds() {
        List<String> all = lines();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).startsWith("progress t=")) {
                String t = parse(all.get(i)).get("t");
                return Long.parseLong(t.substring(0, t.length() - 1));
            }
        }
        return 0;
    }

    /** Waits until the client has run {@code seconds} by its own progress lines. */
    public void awaitProgress(long seconds, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (progressSeconds() < seconds) {
            if (!process.isAlive() && !reader.isAlive()) {
                throw new LabException("the client ended before " + seconds + " s: " + String.join("\n", lines()));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LabException("the client did not reach " + seconds + " s within " + limit.toSeconds() + " s");
            }
            Lab.sleep(Duration.ofMillis(50));
        }
    }

    /** Closes its standard input (it stops after its current exchanges) and waits for it to end. */
    public void stop(Duration limit) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already gone: waiting tells.
        }
        await(limit);
    }

    /** Waits for the client to end on its own. */
    public void await(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LabException("the client did not end within " + limit.toSeconds() + " s: " + String.join("\n", lines()));
            }
            reader.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }

    /** The {@code key=value} fields of the last line starting with {@code prefix} (counts end the client's output). */
    public Map<String, String> fields(String prefix) {
        List<String> all = lines();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).startsWith(prefix)) {
                return parse(all.get(i));
            }
        }
        throw new LabException("no line starting with \"" + prefix + "\" from the client: " + String.join("\n", all));
    }

    /** The {@code key=value} pairs of a line; other words are left out. */
    public static Map<String, String> parse(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String word : line.split(" ")) {
            int equals = word.indexOf('=');
            if (equals > 0) {
                fields.put(word.substring(0, equals), word.substring(equals + 1));
            }
        }
        return fields;
    }

    /** Counts per backend from the http client's {@code backend NAME=N} lines. */
    public Map<String, Long> backendCounts() {
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines()) {
            if (line.startsWith("backend ")) {
                parse(line.substring("backend ".length())).forEach((name, count) -> counts.put(name, Long.parseLong(count)));
            }
        }
        return counts;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
