package io.trunkline.controlplane.routing;

import io.trunkline.controlplane.config.TrunklineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * Announces this dispatcher's VIPs to its routers while it can serve them: BGP through the BIRD it
 * runs beside itself ({@link BirdProcess}), switched through BIRD's control socket.
 *
 * <p>The VIPs are announced when the dispatcher is ready (its session-table snapshot applied), not
 * draining, and {@code routing.bgp.announce} is true; otherwise withdrawn. BIRD starts with them
 * withdrawn. The daemon calls {@link #ready(boolean)}, {@link #drain(boolean)} and
 * {@link #reconfigure(TrunklineConfig)} from any thread; the agent's thread applies them in
 * {@link #doWork()}, supervises BIRD (started again if it dies, counted) and reads the BGP
 * sessions' state once a second. Its calls block on BIRD's socket (bounded by timeouts), so it runs
 * on a control-plane thread, never beside a fast-path worker. {@link #close()} (or
 * {@code AgentRunner.close()}, which calls {@link #onClose()}) withdraws the VIPs, waits until no
 * session exports them, and only then stops BIRD.
 */
public final class Announcer implements Agent, AutoCloseable {
    private static final Duration SESSION_POLL = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WITHDRAW_TIMEOUT = Duration.ofSeconds(3);

    private final BirdProcess bird;
    private final NanoClock clock;
    private final Consumer<String> log;
    private final AtomicReference<TrunklineConfig> pendingConfig = new AtomicReference<>();
    private volatile boolean ready;
    private volatile boolean draining;
    private volatile boolean announced;
    private volatile List<BgpSession> sessions = List.of();

    // Agent thread only.
    private TrunklineConfig config;
    private boolean rendered;
    private long nextPollNanos;
    private long nextRetryNanos;
    private String lastError;
    private boolean closed;

    /**
     * @param config the dispatcher's configuration; it must have {@code routing.bgp}
     * @param log    where BIRD's output and the announcer's notes go, one line each
     * @param clock  paces polling, retries and restarts
     */
    public Announcer(TrunklineConfig config, Consumer<String> log, NanoClock clock) {
        this.config = requireBgp(config);
        this.log = log;
        this.clock = clock;
        this.bird = new BirdProcess(config.routing().bird(), () -> BirdConfigWriter.render(this.config, rendered), log,
                START_TIMEOUT, WITHDRAW_TIMEOUT, clock);
    }

    /** Writes BIRD's configuration with the VIPs withdrawn and starts BIRD; call once, before the agent runs. */
    public void start() throws BirdException {
        rendered = false;
        bird.start();
        announced = false;
    }

    /** The dispatcher is ready to serve (its snapshot applied), or no longer. */
    public void ready(boolean isReady) {
        ready = isReady;
    }

    /** The operator drains the dispatcher (VIPs withdrawn, the sessions stay up), or ends the drain. */
    public void drain(boolean isDraining) {
        draining = isDraining;
    }

    /** A new configuration (VIPs, neighbours, timers); BIRD reads its rewritten file on the next duty cycle. */
    public void reconfigure(TrunklineConfig next) {
        pendingConfig.set(requireBgp(next));
    }

    /** Whether BIRD was last told to announce the VIPs. */
    public boolean announced() {
        return announced;
    }

    /** The BGP sessions as last read from BIRD (at most a second old). */
    public List<BgpSession> sessions() {
        return sessions;
    }

    /** Times BIRD died and was started again. */
    public long birdRestarts() {
        return bird.restarts();
    }

    @Override
    public String roleName() {
        return "bgp-announcer";
    }

    @Override
    public int doWork() {
        if (closed) {
            return 0;
        }
        long now = clock.nanoTime();
        int work = 0;
        try {
            work += applyPendingConfig();
            if (birdRestarted(now)) {
                work++;
            }
            work += switchVips(now);
            work += pollSessions(now);
            lastError = null;
        } catch (BirdException e) {
            nextRetryNanos = now + RETRY.toNanos();
            if (!Objects.equals(e.getMessage(), lastError)) {
                log.accept("bgp: " + e.getMessage());
                lastError = e.getMessage();
            }
        }
        return work;
    }

    private int applyPendingConfig() throws BirdException {
        TrunklineConfig next = pendingConfig.getAndSet(null);
        if (next == null) {
            return 0;
        }
        config = next;
        boolean target = wanted();
        rendered = target;
        bird.configure();
        announced = target;
        return 1;
    }

    private boolean birdRestarted(long now) throws BirdException {
        boolean target = wanted();
        rendered = target;
        if (bird.superviseOnce(now)) {
            announced = target;
            return true;
        }
        return false;
    }

    private int switchVips(long now) throws BirdException {
        boolean target = wanted();
        if (target == announced || now - nextRetryNanos < 0) {
            return 0;
        }
        if (target) {
            bird.control().announce();
        } else {
            bird.control().withdraw();
        }
        announced = target;
        log.accept("bgp: VIPs " + (target ? "announced" : "withdrawn") + " (ready " + ready + ", draining " + draining + ")");
        return 1;
    }

    private int pollSessions(long now) throws BirdException {
        if (now - nextPollNanos < 0) {
            return 0;
        }
        nextPollNanos = now + SESSION_POLL.toNanos();
        sessions = bird.control().bgpSessions();
        return 1;
    }

    private boolean wanted() {
        return ready && !draining && config.routing().bgp().orElseThrow().announce();
    }

    @Override
    public void onClose() {
        close();
    }

    /** Withdraws the VIPs, waits until the routers were told, stops BIRD. Call on the agent's thread, or once it stopped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        bird.close();
        announced = false;
        sessions = List.of();
    }

    private static TrunklineConfig requireBgp(TrunklineConfig config) {
        if (config.routing().bgp().isEmpty()) {
            throw new IllegalArgumentException("the configuration has no routing.bgp: nothing to announce");
        }
        return config;
    }
}
