package io.trunkline.controlplane.replication;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * What a control-plane agent thread does between duty cycles that found no work: the replicator and its appliers, the
 * health checker, the Aeron media driver. These threads share cores with the kernel, BIRD, the operator's shell and,
 * on small machines, the poll-mode workers, so they never busy-spin for long: a few spins (a record that follows
 * another within microseconds is still sent at once), one yield, then parks from 10 µs doubling to 200 µs.
 *
 * <p>Measured in the lab (docs/lab.md, "Stalls"): the earlier 100 spins and 10 yields before each park, with the
 * parks starting at 1 µs, made every duty cycle that found work cost some 300 µs of CPU; under session churn each
 * dispatcher's conductor then took a whole core while doing nothing, and two of them starved every other process
 * of the machine for tens of seconds. An idle conductor now wakes at most 5 000 times a second; a record waits at
 * most 200 µs for it, well inside the short wait a dispatcher gives an in-flight record before it falls back.
 */
public final class ControlIdle {
    private static final int SPINS = 10;
    private static final int YIELDS = 1;
    private static final long MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(10);
    private static final long MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(200);

    private ControlIdle() {
    }

    /** A new strategy (each agent thread needs its own: a strategy keeps its back-off state). */
    public static IdleStrategy strategy() {
        return new BackoffIdleStrategy(SPINS, YIELDS, MIN_PARK_NS, MAX_PARK_NS);
    }
}
