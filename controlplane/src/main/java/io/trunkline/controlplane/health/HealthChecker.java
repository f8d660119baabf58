package io.trunkline.controlplane.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * Checks every backend of every pool through the kernel stack and damps the results into
 * UP/DOWN states (see {@link BackendHealth}), telling a {@link HealthListener} of each change.
 *
 * <p>An agent: one duty cycle applies queued backend changes, starts the checks that are due
 * (at most {@code maxConcurrentProbes} in flight), moves probes on from one non-blocking
 * {@link Selector}, and fails the probes whose timeout passed. No thread of its own and no
 * blocking call: run it on an {@code AgentRunner} with a sleeping idle strategy, or step
 * {@link #doWork()} from a test with a clock it controls.
 *
 * <p>Threads: {@link #addBackend} and {@link #removeBackend} may be called from any thread;
 * they take effect at the next duty cycle. {@link #health} and {@link #backends} may be read
 * from any thread. Everything else belongs to the agent thread.
 *
 * <p>Scheduling: a backend's first check comes at a random point within its first interval
 * (from a seeded generator, so a run is reproducible) to spread the probes of many backends;
 * after that each check starts one interval after the previous one started. The timeout is at
 * most the interval, so a DOWN verdict comes at most {@code fall} intervals after the failures
 * begin, and the listener hears of it in the same duty cycle.
 */
public final class HealthChecker implements Agent {
    private static final Comparator<BackendCheck> BY_DUE_TIME = Comparator.comparingLong(check -> check.nextDueNanos);

    private final NanoClock clock;
    private final HealthListener listener;
    private final int maxConcurrentProbes;
    private final SplittableRandom jitter;
    private final Selector selector;
    // Not Agrona's ManyToOneConcurrentLinkedQueue: it needs jdk.internal.misc exported, and a
    // queue of rare control commands gains nothing from it. Many producers, this agent consumes.
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Map<BackendKey, BackendCheck> checks = new HashMap<>();
    private final Map<BackendKey, BackendHealth> healthByKey = new ConcurrentHashMap<>();
    private final PriorityQueue<BackendCheck> due = new PriorityQueue<>(BY_DUE_TIME);
    private final ArrayList<BackendCheck> inFlight = new ArrayList<>();
    private final Consumer<SelectionKey> onReady = this::onReady;
    private volatile int inFlightCount;
    private long nowNanos;

    /**
     * @param clock               the time checks are scheduled and timed out by
     * @param listener            told of every UP/DOWN change, on the agent thread
     * @param maxConcurrentProbes most probes in flight at once; due checks wait for a free slot
     * @param jitterSeed          seed of the first-check jitter
     * @throws IOException when the selector cannot be opened
     */
    public HealthChecker(NanoClock clock, HealthListener listener, int maxConcurrentProbes, long jitterSeed)
        throws IOException {
        if (maxConcurrentProbes < 1) {
            throw new IllegalArgumentException("health checker: maxConcurrentProbes must be at least 1, not "
                + maxConcurrentProbes);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.maxConcurrentProbes = maxConcurrentProbes;
        this.jitter = new SplittableRandom(jitterSeed);
        this.selector = Selector.open();
    }

    /**
     * Starts checking a backend, or changes how an already known backend is checked (its state
     * and counters stay, its probe in flight is abandoned, its next check is jittered again).
     *
     * @param initial the state before any check: UP to keep a backend in service across a restart
     *                until {@code fall} checks fail, DOWN to keep a new backend out until {@code rise}
     *                checks pass. Ignored for {@link HealthCheckSpec.Type#NONE}: always UP.
     */
    public void addBackend(BackendKey key, InetSocketAddress address, HealthCheckSpec spec, HealthState initial) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(initial, "initial");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("health check of " + key + ": address " + address + " is unresolved");
        }
        commands.offer(() -> upsert(key, address, spec, initial));
    }

    /** Stops checking a backend; its probe in flight is abandoned without a result. */
    public void removeBackend(BackendKey key) {
        Objects.requireNonNull(key, "key");
        commands.offer(() -> remove(key));
    }

    /** The health of a backend, or null when the checker does not know it (yet). */
    public BackendHealth health(BackendKey key) {
        return healthByKey.get(key);
    }

    /** Every backend known, as a live read-only view. */
    public Collection<BackendHealth> backends() {
        return Collections.unmodifiableCollection(healthByKey.values());
    }

    /** Probes in flight now. */
    public int inFlightProbes() {
        return inFlightCount;
    }

    @Override
    public int doWork() throws IOException {
        nowNanos = clock.nanoTime();
        int work = drainCommands();
        work += startDueChecks();
        work += selector.selectNow(onReady);
        work += expireProbes();
        inFlightCount = inFlight.size();
        return work;
    }

    @Override
    public void onClose() {
        for (BackendCheck check : inFlight) {
            check.close();
        }
        inFlight.clear();
        inFlightCount = 0;
        try {
            selector.close();
        } catch (IOException ignored) {
            // The probe sockets are closed already; a selector that fails to close holds nothing more.
        }
    }

    @Override
    public String roleName() {
        return "health-checker";
    }

    private int drainCommands() {
        int drained = 0;
        Runnable command;
        while ((command = commands.poll()) != null) {
            command.run();
            drained++;
        }
        return drained;
    }

    private void upsert(BackendKey key, InetSocketAddress address, HealthCheckSpec spec, HealthState initial) {
        BackendCheck check = checks.get(key);
        if (check == null) {
            BackendHealth health = new BackendHealth(key, spec.type() == HealthCheckSpec.Type.NONE ? HealthState.UP : initial);
            check = new BackendCheck(health);
            checks.put(key, check);
            healthByKey.put(key, health);
        } else {
            abandon(check);
            if (spec.type() == HealthCheckSpec.Type.NONE && check.health.markUp()) {
                listener.onChange(key, HealthState.DOWN, HealthState.UP, "health checks disabled");
            }
        }
        check.configure(address, spec);
        if (spec.type() != HealthCheckSpec.Type.NONE) {
            check.nextDueNanos = nowNanos + jitter.nextLong(spec.interval().toNanos());
            due.add(check);
        }
    }

    private void remove(BackendKey key) {
        BackendCheck check = checks.remove(key);
        if (check != null) {
            healthByKey.remove(key);
            abandon(check);
        }
    }

    private void abandon(BackendCheck check) {
        if (check.inFlight()) {
            check.close();
            inFlight.remove(check);
        }
        due.remove(check);
    }

    private int startDueChecks() {
        int started = 0;
        while (inFlight.size() < maxConcurrentProbes && !due.isEmpty() && nowNanos - due.peek().nextDueNanos >= 0) {
            BackendCheck check = due.poll();
            int outcome = check.start(selector, nowNanos);
            if (outcome == BackendCheck.PENDING) {
                inFlight.add(check);
            } else {
                finish(check, outcome);
            }
            started++;
        }
        return started;
    }

    private void onReady(SelectionKey key) {
        BackendCheck check = (BackendCheck) key.attachment();
        int outcome = check.onReady(selector);
        if (outcome != BackendCheck.PENDING) {
            finish(check, outcome);
        }
    }

    private int expireProbes() {
        int expired = 0;
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            BackendCheck check = inFlight.get(i);
            if (check.isPastDeadline(nowNanos)) {
                finish(check, check.timeOut());
                expired++;
            }
        }
        return expired;
    }

    /** Closes the probe, schedules the next one, and damps the result into the backend's state. */
    private void finish(BackendCheck check, int outcome) {
        long latencyNanos = clock.nanoTime() - check.startNanos;
        check.close();
        inFlight.remove(check);
        check.nextDueNanos = check.startNanos + check.spec().interval().toNanos();
        due.add(check);
        record(check, outcome == BackendCheck.SUCCEEDED, latencyNanos);
    }

    private void record(BackendCheck check, boolean succeeded, long latencyNanos) {
        BackendHealth health = check.health;
        HealthCheckSpec spec = check.spec();
        String outcome = check.outcome();
        if (succeeded && health.recordSuccess(outcome, latencyNanos, spec.rise())) {
            listener.onChange(health.key(), HealthState.DOWN, HealthState.UP,
                outcome + " (" + count(spec.rise(), "consecutive success", "consecutive successes") + ")");
        } else if (!succeeded && health.recordFailure(outcome, spec.fall())) {
            listener.onChange(health.key(), HealthState.UP, HealthState.DOWN,
                outcome + " (" + count(spec.fall(), "consecutive failure", "consecutive failures") + ")");
        }
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
