package io.trunkline.controlplane.daemon;

import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.HealthCheckConfig;
import io.trunkline.controlplane.config.PeerConfig;
import io.trunkline.controlplane.config.PoolConfig;
import io.trunkline.controlplane.config.ReplicationConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.config.Addresses;
import io.trunkline.controlplane.health.BackendHealth;
import io.trunkline.controlplane.health.BackendKey;
import io.trunkline.controlplane.health.HealthCheckSpec;
import io.trunkline.controlplane.health.HealthChecker;
import io.trunkline.controlplane.health.HealthState;
import io.trunkline.controlplane.replication.ClusterKey;
import io.trunkline.controlplane.replication.ControlIdle;
import io.trunkline.controlplane.replication.PeerEndpoint;
import io.trunkline.controlplane.replication.Readiness;
import io.trunkline.controlplane.replication.ReplicationContext;
import io.trunkline.controlplane.replication.ReplicationStats;
import io.trunkline.controlplane.replication.ReplicationTransports;
import io.trunkline.controlplane.replication.Replicator;
import io.trunkline.controlplane.replication.TransportKind;
import io.trunkline.fastpath.sync.SessionChangeListener;
import io.trunkline.fastpath.sync.SessionChangeQueue;
import io.trunkline.store.SessionTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control agents on one thread, the conductor: health checks and replication (or, for a
 * dispatcher without peers, a sink for the workers' session changes). Health changes reach the
 * workers as a new forwarding table; remote session changes as flow-cache invalidations.
 */
final class ControlAgents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("trunkline.control");
    private static final int MAX_PROBES = 64;

    private final TrunklineConfig initial;
    private final Runnable onHealthChange;
    private final SessionTable sessions;
    private final HealthChecker checker;
    private Replicator replicator;
    private AgentRunner runner;
    private final List<AgentRunner> applierRunners = new ArrayList<>();

    ControlAgents(TrunklineConfig config, Runnable onHealthChange, SessionTable sessions) throws IOException {
        this.initial = config;
        this.onHealthChange = onHealthChange;
        this.sessions = sessions;
        this.checker = new HealthChecker(new SystemNanoClock(), (key, from, to, reason) -> {
            LOG.info("backend {} {} -> {}: {}", key, from, to, reason);
            onHealthChange.run();
        }, MAX_PROBES, config.node().id());
        for (PoolConfig pool : config.pools()) {
            pool.backends().forEach(b -> addCheck(config, pool, b, HealthState.UP));
        }
    }

    /** Starts the conductor thread draining {@code queues}; {@code applied} hears every remote change applied. */
    void start(List<SessionChangeQueue> queues, SessionChangeListener applied) {
        Agent sync;
        if (initial.replication().peers().isEmpty()) {
            sync = new ChangeSink(queues);
            LOG.info("replication off: no peers configured");
        } else {
            ReplicationContext context = context(initial);
            replicator = new Replicator(context, sessions, ReplicationTransports.open(context), queues, applied);
            sync = replicator;
            for (Agent applier : replicator.appliers()) {
                AgentRunner applierRunner = new AgentRunner(ControlIdle.strategy(), t -> LOG.error("replication applier error: {}", t.toString()),
                        null, applier);
                applierRunners.add(applierRunner);
                AgentRunner.startOnThread(applierRunner);
            }
            LOG.info("replication to {} peers over {}", initial.replication().peers().size(), context.transport());
        }
        runner = new AgentRunner(ControlIdle.strategy(), t -> LOG.error("control agent error: {}", t.toString()), null,
                new CompositeAgent(checker, sync));
        AgentRunner.startOnThread(runner);
    }

    private static ReplicationContext context(TrunklineConfig config) {
        ReplicationConfig replication = config.replication();
        InetSocketAddress listen = replication.listen().orElseThrow();
        ReplicationContext context = new ReplicationContext()
                .self(new PeerEndpoint(config.node().id(), Addresses.format(listen.getAddress()), listen.getPort()))
                .key(ClusterKey.load(replication.clusterKeyFile().orElseThrow(), 1))
                .transport(replication.transport() == ReplicationConfig.Transport.RDMA ? TransportKind.RDMA : TransportKind.UDP)
                .flushDelayNs(replication.batchDelay().toNanos())
                .heartbeatIntervalNs(replication.heartbeat().interval().toNanos())
                .missedHeartbeats(replication.heartbeat().missLimit())
                .aeronDirectory("/dev/shm/trunkline-" + config.node().name() + "-aeron")
                .rdmaPort(replication.rdma().port())
                .rdmaGidIndex(replication.rdma().gidIndex())
                .appliers(replication.appliers())
                .mtu(replication.mtu());
        replication.rdma().device().ifPresent(context::rdmaDevice);
        if (replication.fallback() == ReplicationConfig.Fallback.UDP) {
            context.fallback(TransportKind.UDP);
        }
        for (PeerConfig peer : replication.peers()) {
            context.peer(new PeerEndpoint(peer.id(), Addresses.format(peer.address().getAddress()), peer.address().getPort()));
        }
        return context.conclude();
    }

    HealthChecker checker() {
        return checker;
    }

    boolean isUp(BackendKey key) {
        BackendHealth health = checker.health(key);
        return health == null || health.state() == HealthState.UP;
    }

    BackendHealth health(BackendKey key) {
        return checker.health(key);
    }

    List<BackendHealth> health() {
        return new ArrayList<>(checker.backends());
    }

    Readiness readiness() {
        return replicator == null ? Readiness.READY : replicator.readiness();
    }

    ReplicationStats replication() {
        return replicator == null
                ? new ReplicationStats(initial.node().id(), "none", Readiness.READY, 0, 0, 0, List.of())
                : replicator.stats();
    }

    /** Starts, changes and stops health checks for the backends a configuration change touches. */
    void onConfigChanged(TrunklineConfig previous, TrunklineConfig next) {
        for (PoolConfig pool : previous.pools()) {
            for (BackendConfig backend : pool.backends()) {
                if (next.pool(pool.name()).flatMap(p -> p.backend(backend.name())).isEmpty()) {
                    checker.removeBackend(new BackendKey(pool.name(), backend.name()));
                }
            }
        }
        for (PoolConfig pool : next.pools()) {
            for (BackendConfig backend : pool.backends()) {
                var before = previous.pool(pool.name());
                boolean known = before.flatMap(p -> p.backend(backend.name())).isPresent();
                boolean same = known && before.get().health().equals(pool.health())
                        && Objects.equals(checkedAddress(previous, before.get(), before.get().backend(backend.name()).orElseThrow()),
                        checkedAddress(next, pool, backend));
                if (!same) {
                    addCheck(next, pool, backend, known ? stateOf(pool, backend) : HealthState.DOWN);
                }
            }
        }
    }

    private HealthState stateOf(PoolConfig pool, BackendConfig backend) {
        BackendHealth health = checker.health(new BackendKey(pool.name(), backend.name()));
        return health == null ? HealthState.DOWN : health.state();
    }

    private void addCheck(TrunklineConfig config, PoolConfig pool, BackendConfig backend, HealthState state) {
        checker.addBackend(new BackendKey(pool.name(), backend.name()),
                new InetSocketAddress(backend.address(), checkedPort(config, pool, backend)), spec(pool.health()), state);
    }

    /** Where a backend is checked: its own port, or that of the first VIP its pool serves. */
    String checkedAddress(TrunklineConfig config, PoolConfig pool, BackendConfig backend) {
        return Addresses.format(new InetSocketAddress(backend.address(), checkedPort(config, pool, backend)));
    }

    private static int checkedPort(TrunklineConfig config, PoolConfig pool, BackendConfig backend) {
        if (backend.port() != 0) {
            return backend.port();
        }
        return config.vips().stream().filter(v -> v.pool().equals(pool.name())).mapToInt(v -> v.port()).findFirst().orElse(80);
    }

    private static HealthCheckSpec spec(HealthCheckConfig health) {
        return new HealthCheckSpec(HealthCheckSpec.Type.valueOf(health.type().name()), health.path(), health.expect(),
                health.interval(), health.timeout(), health.rise(), health.fall());
    }

    /** Stops the conductor; the replicator flushes what the workers left in its queues first. */
    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
        CloseHelper.closeAll(applierRunners);
        if (replicator != null) {
            replicator.close();
        }
    }

    /** A dispatcher without peers: session changes have nowhere to go. */
    private record ChangeSink(List<SessionChangeQueue> queues) implements Agent {
        @Override
        public int doWork() {
            int work = 0;
            for (SessionChangeQueue queue : queues) {
                work += queue.drain((op, key, entry, version) -> { }, 1024);
            }
            return work;
        }

        @Override
        public String roleName() {
            return "session-change-sink";
        }
    }
}
