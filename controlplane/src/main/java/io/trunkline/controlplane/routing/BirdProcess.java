package io.trunkline.controlplane.routing;

import io.trunkline.controlplane.config.BirdConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.agrona.concurrent.NanoClock;

/**
 * BIRD as a child process of the daemon: {@code bird -c CONFIG -s SOCKET -P PIDFILE -f}, in the
 * foreground so that it dies with nothing left behind when the daemon ends it, its output copied
 * line by line to the daemon's log with a {@code bird: } prefix.
 *
 * <p>Single-threaded: one thread (the {@link Announcer}'s) starts, supervises and stops it.
 * {@link #superviseOnce(long)} starts BIRD again when it died, at most once per
 * {@link #RESTART_INTERVAL}, and counts it. {@link #close()} withdraws the VIPs first and ends the
 * process only once every session reports them withdrawn (or the withdrawal timeout passed), so the
 * routers move the traffic away before BIRD's sessions close.
 */
public final class BirdProcess implements AutoCloseable {
    /** Renders BIRD's configuration as it must be now; called at every start and reload. */
    @FunctionalInterface
    public interface ConfigSource {
        String render() throws BirdException;
    }

    public static final Duration RESTART_INTERVAL = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration TERMINATE_GRACE = Duration.ofSeconds(5);

    private final BirdConfig paths;
    private final ConfigSource source;
    private final Consumer<String> log;
    private final Duration startTimeout;
    private final Duration withdrawTimeout;
    private final BirdControl control;
    private Process process;
    private long starts;
    private final NanoClock clock;
    private long lastStartNanos;
    /** Started and not closed: the supervisor keeps it running. */
    private boolean supervised;

    /**
     * @param paths           the binary and the files of {@code routing.bird}
     * @param source          BIRD's configuration text
     * @param log             where BIRD's output lines and the supervisor's notes go
     * @param startTimeout    how long BIRD may take to answer on its control socket after a start
     * @param withdrawTimeout how long {@link #close()} waits for the VIPs to be withdrawn
     * @param clock           paces restarts
     */
    public BirdProcess(BirdConfig paths, ConfigSource source, Consumer<String> log, Duration startTimeout,
                       Duration withdrawTimeout, NanoClock clock) {
        this.clock = clock;
        this.paths = paths;
        this.source = source;
        this.log = log;
        this.startTimeout = startTimeout;
        this.withdrawTimeout = withdrawTimeout;
        this.control = new BirdControl(paths.socket(), Duration.ofSeconds(2));
    }

    public BirdControl control() {
        return control;
    }

    /** Whether the BIRD process is running. */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Times BIRD was started again after it died. */
    public long restarts() {
        return Math.max(0, starts - 1);
    }

    /** Writes the configuration, starts BIRD and returns once it answers on its control socket. */
    public void start() throws BirdException {
        if (alive()) {
            throw new IllegalStateException("BIRD already runs, pid " + process.pid());
        }
        supervised = true;
        lastStartNanos = clock.nanoTime();
        stopLeftover();
        writeConfig();
        List<String> command = List.of(paths.binary().toString(), "-c", paths.config().toString(),
                "-s", paths.socket().toString(), "-P", paths.pidFile().toString(), "-f");
        try {
            process = null;
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new BirdException("cannot start BIRD (routing.bird.binary " + paths.binary() + "): " + e.getMessage(), e);
        }
        starts++;
        Process started = process;
        // A platform thread: a read of BIRD's quiet pipe pins its carrier, and in the daemon the EAL has bound the
        // JVM to one CPU before the first virtual thread, so the scheduler has one carrier and the admin server stalls.
        Thread.ofPlatform().daemon().name("bird-log-" + started.pid()).start(() -> copyOutput(started));
        awaitControlSocket(started);
    }

    /**
     * Starts BIRD again when it died, unless it was started less than {@link #RESTART_INTERVAL} ago.
     *
     * @return whether it was started
     */
    public boolean superviseOnce(long nowNanos) throws BirdException {
        if (!supervised || alive() || nowNanos - lastStartNanos < RESTART_INTERVAL.toNanos()) {
            return false;
        }
        log.accept("bird: " + (process == null ? "did not start" : "exited with status " + process.exitValue())
                + ", starting it again");
        process = null;
        start();
        return true;
    }

    /**
     * Ends a BIRD that a previous run of the daemon left behind (the daemon was killed, its child
     * was not): it would hold the BGP port and keep announcing VIPs nobody serves.
     */
    private void stopLeftover() {
        try {
            String pid = Files.readString(paths.pidFile()).strip();
            Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(pid))
                    .filter(p -> p.info().command().map(c -> c.endsWith("/bird") || c.equals("bird")).orElse(false));
            if (leftover.isPresent()) {
                log.accept("bird: stopping the BIRD left running by a previous run, pid " + pid);
                leftover.get().destroy();
                leftover.get().onExit().get(TERMINATE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IOException | NumberFormatException | ExecutionException | TimeoutException e) {
            // no pid file, or nothing left to stop: the normal case
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the configuration again and makes BIRD read it. */
    public void configure() throws BirdException {
        writeConfig();
        control.configure();
    }

    /** Withdraws the VIPs, waits until no session exports them, then ends BIRD. */
    @Override
    public void close() {
        supervised = false;
        if (!alive()) {
            return;
        }
        try {
            control.withdraw();
            awaitWithdrawn();
        } catch (BirdException e) {
            log.accept("bird: withdrawing before stop failed: " + e.getMessage());
        }
        terminate();
    }

    private void awaitWithdrawn() throws BirdException {
        long deadline = System.nanoTime() + withdrawTimeout.toNanos();
        while (control.bgpSessions().stream().anyMatch(s -> s.routesExported() > 0)) {
            if (System.nanoTime() - deadline > 0) {
                throw new BirdException("VIPs still exported after " + withdrawTimeout.toMillis() + " ms");
            }
            pause();
        }
    }

    private void terminate() {
        process.destroy();
        try {
            if (!process.waitFor(TERMINATE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.accept("bird: did not stop within " + TERMINATE_GRACE.toSeconds() + " s of SIGTERM, killing it");
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void writeConfig() throws BirdException {
        try {
            BirdConfigWriter.write(source.render(), paths.config());
        } catch (BirdException e) {
            throw e;
        } catch (IOException e) {
            throw new BirdException("cannot write BIRD's configuration " + paths.config() + ": " + e.getMessage(), e);
        }
    }

    private void awaitControlSocket(Process started) throws BirdException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!control.answers()) {
            if (!started.isAlive()) {
                throw new BirdException("BIRD exited with status " + started.exitValue() + " at start (its output is in the log)");
            }
            if (System.nanoTime() - deadline > 0) {
                started.destroyForcibly();
                throw new BirdException("BIRD did not answer on " + paths.socket() + " within " + startTimeout.toMillis() + " ms");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void copyOutput(Process child) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.accept("bird: " + line);
            }
        } catch (IOException e) {
            log.accept("bird: output lost: " + e.getMessage());
        }
    }
}
