package io.trunkline.controlplane.health;

/**
 * The damped health of one backend and its check counters.
 *
 * <p>Single writer: only the health checker's agent thread records results. Any thread may read
 * (the CLI, the metrics scrape): every field a reader sees is volatile.
 *
 * <p>Damping: an UP backend goes DOWN after {@code fall} consecutive failures; a DOWN backend
 * comes UP after {@code rise} consecutive successes. A result of the other kind restarts the count.
 */
public final class BackendHealth {
    private final BackendKey key;
    private volatile HealthState state;
    private volatile long successes;
    private volatile long failures;
    private volatile long lastLatencyNanos = -1;
    private volatile String lastResult = "";
    private volatile String lastError = "";
    private int consecutiveSuccesses;
    private int consecutiveFailures;

    BackendHealth(BackendKey key, HealthState initial) {
        this.key = key;
        this.state = initial;
    }

    public BackendKey key() {
        return key;
    }

    public HealthState state() {
        return state;
    }

    /** Checks completed, successful or not. */
    public long checks() {
        return successes + failures;
    }

    /** Checks that failed: refused, timed out, wrong status, bad response. */
    public long failures() {
        return failures;
    }

    /** Checks that passed. Kept apart from failures so each count read alone only ever grows. */
    public long successes() {
        return successes;
    }

    /** How long the last successful check took, in nanoseconds of the checker's clock; -1 before the first. */
    public long lastLatencyNanos() {
        return lastLatencyNanos;
    }

    /** What the last check found, e.g. {@code "HTTP 200"} or {@code "connect refused"}; empty before the first. */
    public String lastResult() {
        return lastResult;
    }

    /** Why the last failed check failed; empty if none has failed. */
    public String lastError() {
        return lastError;
    }

    /**
     * Counts a successful check.
     *
     * @return true when this success brings the backend UP
     */
    boolean recordSuccess(String result, long latencyNanos, int rise) {
        successes++;
        lastResult = result;
        lastLatencyNanos = latencyNanos;
        consecutiveFailures = 0;
        consecutiveSuccesses++;
        if (state == HealthState.DOWN && consecutiveSuccesses >= rise) {
            state = HealthState.UP;
            return true;
        }
        return false;
    }

    /**
     * Counts a failed check.
     *
     * @return true when this failure takes the backend DOWN
     */
    boolean recordFailure(String reason, int fall) {
        failures++;
        lastResult = reason;
        lastError = reason;
        consecutiveSuccesses = 0;
        consecutiveFailures++;
        if (state == HealthState.UP && consecutiveFailures >= fall) {
            state = HealthState.DOWN;
            return true;
        }
        return false;
    }

    /**
     * Puts the backend UP without a check, when checks are turned off for its pool.
     *
     * @return true when it was DOWN
     */
    boolean markUp() {
        consecutiveFailures = 0;
        consecutiveSuccesses = 0;
        if (state == HealthState.DOWN) {
            state = HealthState.UP;
            return true;
        }
        return false;
    }

    int consecutiveSuccesses() {
        return consecutiveSuccesses;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    @Override
    public String toString() {
        return key + " " + state + " successes=" + successes + " failures=" + failures + " last=\"" + lastResult + "\"";
    }
}
