package io.trunkline.controlplane.daemon;

import io.trunkline.bindings.dpdk.Eal;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.controlplane.admin.AdminServer;
import io.trunkline.controlplane.cli.AdminOptions;
import io.trunkline.controlplane.cli.TrunklineCommand;
import io.trunkline.controlplane.config.Addresses;
import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.ConfigDiff;
import io.trunkline.controlplane.config.ConfigException;
import io.trunkline.controlplane.config.ConfigLoader;
import io.trunkline.controlplane.config.ConfigRules;
import io.trunkline.controlplane.config.ConfigWriter;
import io.trunkline.controlplane.config.PortConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.health.BackendHealth;
import io.trunkline.controlplane.health.BackendKey;
import io.trunkline.controlplane.health.HealthState;
import io.trunkline.controlplane.metrics.HealthMetrics;
import io.trunkline.controlplane.metrics.MetricsRegistry;
import io.trunkline.controlplane.metrics.MetricsServer;
import io.trunkline.controlplane.replication.Readiness;
import io.trunkline.controlplane.replication.ReplicationStats;
import io.trunkline.controlplane.ssh.AdminSshServer;
import io.trunkline.fastpath.capture.CaptureTap;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.CountersFile;
import io.trunkline.fastpath.counters.CountersReader;
import io.trunkline.fastpath.flow.FlowCache;
import io.trunkline.fastpath.flow.FlowInvalidations;
import io.trunkline.fastpath.pcap.PcapWriter;
import io.trunkline.fastpath.host.HostDuty;
import io.trunkline.fastpath.host.HostServices;
import io.trunkline.fastpath.host.KernelPath;
import io.trunkline.fastpath.runner.DataPorts;
import io.trunkline.fastpath.runner.WorkerThreads;
import io.trunkline.fastpath.sync.HybridLogicalClock;
import io.trunkline.fastpath.sync.SessionChangeListener;
import io.trunkline.fastpath.sync.SessionChangeOp;
import io.trunkline.fastpath.sync.SessionChangeQueue;
import io.trunkline.fastpath.timer.Timeouts;
import io.trunkline.fastpath.worker.DispatchWorker;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.worker.ForwardingTables;
import io.trunkline.fastpath.worker.WorkerResources;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionTable;
import io.trunkline.store.SessionTableConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dispatcher: the EAL and its data ports with their kernel exception ports, one {@link DispatchWorker}
 * per configured lcore, the shared session table, the neighbour table, the control agents (health checks,
 * replication) and the metrics endpoint.
 * {@link #start} brings them up in that order and {@link #close} takes them down in reverse, so that
 * the workers' last session changes still reach the peers and the table is closed cleanly.
 * <p>
 * Runtime changes go through {@link #apply}: validated whole, applied as one forwarding-table swap.
 */
public final class Daemon implements DispatcherControl, AutoCloseable {
    /** VIPs the counters file has room for; the VIP count may grow at run time up to this. */
    static final int MAX_VIPS = 256;
    private static final Logger LOG = LoggerFactory.getLogger("trunkline.daemon");
    private static final int CHANGE_QUEUE_BYTES = 1 << 22;
    private static final int INVALIDATION_SLOTS = 1 << 16;

    private final Path configFile;
    private final long startedMillis = System.currentTimeMillis();
    private final Object changes = new Object();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private volatile TrunklineConfig running;
    private volatile boolean closed;

    private DataPorts ports;
    private SessionTable sessions;
    private CountersFile counters;
    private CountersReader countersReader;
    private ForwardingTables tables;
    private ForwardingCompiler compiler;
    private long tableVersion;
    private final List<FlowInvalidations> invalidations = new ArrayList<>();
    /** A session changed elsewhere (a peer, a flush): every worker drops the flow from its cache. */
    private final SessionChangeListener forgetFlow = this::forgetFlow;
    private final List<SessionChangeQueue> changeQueues = new ArrayList<>();
    private final List<CaptureTap> captures = new ArrayList<>();
    private SessionChangeQueue controlChanges;
    private final HybridLogicalClock controlClock = new HybridLogicalClock(SystemEpochClock.INSTANCE);
    private WorkerThreads workers;
    private ControlAgents control;
    private RoutingPresence presence;
    private Neighbours neighbours;

    private Daemon(Path configFile, TrunklineConfig config) {
        this.configFile = configFile;
        this.running = config;
    }

    /**
     * Loads {@code configFile} and starts everything it describes.
     *
     * @throws ConfigException when the file is invalid (nothing was started)
     */
    public static Daemon start(Path configFile) throws ConfigException, IOException {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(configFile);
        loaded.warnings().forEach(warning -> LOG.warn("{}", warning));
        Daemon daemon = new Daemon(configFile, loaded.config());
        try {
            daemon.startComponents();
        } catch (RuntimeException | IOException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    private void startComponents() throws IOException {
        TrunklineConfig config = running;
        LOG.info("starting node={} id={} ports={} workers={}", config.node().name(), config.node().id(),
                config.ports().size(), config.workers().lcores().size());
        Eal.init(EalArguments.of(config));
        opened.add(Eal::cleanup);
        int workerCount = config.workers().lcores().size();
        MbufPool pool = MbufPool.create("trunkline", mbufs(config), 256, MbufPool.DEFAULT_DATA_ROOM, Eal.socketId());
        opened.add(pool);
        ports = DataPorts.start(config.ports().stream().map(PortConfig::device).toList(), workerCount, pool);
        opened.add(ports);
        ExceptionPorts exceptionPorts = ExceptionPorts.start(config, ports, workerCount, pool);
        opened.add(exceptionPorts);
        presence = RoutingPresence.create(config, pool);
        opened.add(presence);
        sessions = openSessionTable(config);
        opened.add(sessions);
        CounterLayout layout = new CounterLayout(ports.count(), MAX_VIPS, BackendConfig.MAX_ID + 1, DropReasons.names());
        Path countersPath = CountersFile.defaultPath(config.node().name());
        // Removed once unmapped, on a stop and on a failed start alike: a stale file would show a dead node's counters.
        opened.add(() -> Files.deleteIfExists(countersPath));
        counters = CountersFile.create(countersPath, layout, workerCount);
        opened.add(counters);
        countersReader = CountersReader.open(counters.path());
        opened.add(countersReader);

        control = new ControlAgents(config, this::republish, sessions);
        neighbours = new Neighbours(config, pool, this::republish);
        opened.add(neighbours);
        compiler = new ForwardingCompiler(control::isUp, neighbours::mac);
        tables = new ForwardingTables(compiler.compile(config, ++tableVersion));
        KernelPath kernel = exceptionPorts.kernelPath();
        List<DispatchWorker> agents = new ArrayList<>();
        for (int w = 0; w < workerCount; w++) {
            SessionChangeQueue queue = new SessionChangeQueue(CHANGE_QUEUE_BYTES);
            FlowInvalidations flows = new FlowInvalidations(INVALIDATION_SLOTS);
            changeQueues.add(queue);
            invalidations.add(flows);
            DispatchWorker worker = new DispatchWorker(new WorkerResources(new WorkerResources.Ports(ports.ids(), ports.macs(), w, mtu(config)),
                    new WorkerResources.Control(tables, flows), new WorkerResources.Sessions(sessions, queue, config.node().id(), timeouts(config)),
                    new WorkerResources.Counting(counters.worker(w), layout), new WorkerResources.Clocks(new SystemNanoClock(), SystemEpochClock.INSTANCE),
                    new WorkerResources.Sizes(config.flowCache().entriesPerWorker(), BackendConfig.MAX_ID + 1, config.flowCache().entriesPerWorker())),
                    new HostServices(presence.bfdEndpoint(w), neighbours.observer(), w == 0 ? neighbours.sender() : HostDuty.NONE,
                            kernel.endpoint(w == 0)));
            agents.add(worker);
            captures.add(worker.capture());
        }
        controlChanges = new SessionChangeQueue(CHANGE_QUEUE_BYTES);
        List<SessionChangeQueue> allQueues = new ArrayList<>(changeQueues);
        allQueues.add(controlChanges);
        control.start(allQueues, forgetFlow);
        opened.add(control);
        MetricsRegistry registry = new MetricsRegistry();
        HealthMetrics.register(registry, control.checker());
        DaemonMetrics.register(registry, countersReader, () -> running, this);
        MetricsServer metrics = MetricsServer.start(registry, config.metrics().listen());
        opened.add(metrics);
        AdminServer admin = new AdminServer(this, config.admin().socket());
        admin.start();
        opened.add(admin);
        System.setProperty(AdminOptions.SOCKET_PROPERTY, config.admin().socket().toString());
        if (config.admin().ssh().enabled()) {
            AdminSshServer.startForOperators(config.admin().ssh(), config.node().name(), TrunklineCommand::commandLine)
                    .ifPresent(opened::add);
        }
        workers = new WorkerThreads(agents, config.workers().lcores(), WorkerThreads.Idle.valueOf(config.workers().idle().name()),
                t -> LOG.error("worker error: {}", t.toString()));
        opened.add(workers);
        neighbours.start();
        presence.start(control::readiness);
        LOG.info("started node={} readiness={} vips={} backends={} metrics=http://{}/metrics", config.node().name(),
                control.readiness(), config.vips().size(), config.backendCount(), Addresses.format(metrics.address()));
    }

    /** A table Chronicle refuses stops the start with the key to change and whether the file named the path. */
    private static SessionTable openSessionTable(TrunklineConfig config) {
        Path file = config.sessionTable().file(config.node());
        try {
            return SessionTable.open(new SessionTableConfig(file, config.sessionTable().capacity()));
        } catch (IllegalStateException | UncheckedIOException e) {
            String which = config.sessionTable().path().isPresent() ? file.toString()
                    : "not set, so the default " + file + " of node " + config.node().name();
            throw new IllegalStateException("session_table.path (" + which + "): " + e.getMessage(), e);
        }
    }

    private static int mbufs(TrunklineConfig config) {
        int queuePairs = config.ports().size() * config.workers().lcores().size();
        return Math.max(8191, queuePairs * 4096 + 2048);
    }

    private static int mtu(TrunklineConfig config) {
        return config.ports().stream().mapToInt(PortConfig::mtu).min().orElse(PortConfig.DEFAULT_MTU);
    }

    private static Timeouts timeouts(TrunklineConfig config) {
        var t = config.timeouts();
        return Timeouts.of(t.tcpSyn(), t.tcpEstablished(), t.tcpClosing(), t.udp());
    }

    /** Compiles the running configuration with the current health and hands it to the workers. */
    private void republish() {
        synchronized (changes) {
            if (!closed) {
                tables.publish(compiler.compile(running, ++tableVersion));
            }
        }
    }

    // ---------------------------------------------------------------- DispatcherControl

    @Override
    public DispatcherStatus status() {
        TrunklineConfig config = running;
        ReplicationStats replication = control.replication();
        int peersUp = (int) replication.peers().stream().filter(p -> p.state().name().equals("UP")).count();
        int backendsUp = (int) control.health().stream().filter(h -> h.state() == HealthState.UP).count();
        return new DispatcherStatus(config.node().name(), config.node().id(), version(), control.readiness(),
                System.currentTimeMillis() - startedMillis, config.workers().lcores().size(), ports.count(),
                config.vips().size(), config.backendCount(), backendsUp, sessions.size(), peersUp,
                config.replication().peers().size());
    }

    static String version() {
        String version = Daemon.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public TrunklineConfig runningConfig() {
        return running;
    }

    @Override
    public ConfigDiff apply(TrunklineConfig next) throws ConfigException {
        synchronized (changes) {
            ConfigRules.validate(next, "running config");
            ConfigDiff diff = ConfigDiff.between(running, next).requireLive("running config");
            TrunklineConfig previous = running;
            running = next;
            control.onConfigChanged(previous, next);
            presence.reconfigure(next);
            neighbours.reconfigure(next);
            tables.publish(compiler.compile(next, ++tableVersion));
            forgetRemovedBackends(diff);
            if (!diff.isEmpty()) {
                LOG.info("config applied: {}", diff.summary().replace('\n', ';'));
            }
            return diff;
        }
    }

    private void forgetFlow(SessionChangeOp op, FlowKey key) {
        long keyWord = FlowCache.keyWord(key);
        int hash = FlowCache.hash(key);
        for (FlowInvalidations flows : invalidations) {
            flows.offerFlow(hash, key.clientHi(), key.clientLo(), key.vipHi(), key.vipLo(), keyWord);
        }
    }

    /** Flow caches may still point at a backend that is gone: they drop those flows. */
    private void forgetRemovedBackends(ConfigDiff diff) {
        for (ConfigDiff.Change change : diff.changes()) {
            if (change instanceof ConfigDiff.BackendRemoved removed) {
                invalidations.forEach(flows -> flows.offerBackend(removed.backend().id()));
            } else if (change instanceof ConfigDiff.PoolRemoved pool) {
                pool.pool().backends().forEach(b -> invalidations.forEach(flows -> flows.offerBackend(b.id())));
            }
        }
    }

    @Override
    public ConfigDiff reload() throws ConfigException {
        return apply(ConfigLoader.load(configFile));
    }

    @Override
    public Path save() throws IOException {
        ConfigWriter.write(running, configFile);
        return configFile;
    }

    @Override
    public long countSessions(SessionFilter filter) {
        return new SessionQueries(running).count(sessions, filter);
    }

    @Override
    public List<SessionView> sessions(SessionFilter filter, int limit) {
        return new SessionQueries(running).list(sessions, filter, limit, System.currentTimeMillis());
    }

    @Override
    public long flushSessions(SessionFilter filter) {
        List<FlowKey> keys = new SessionQueries(running).keys(sessions, filter);
        long removed = 0;
        synchronized (controlChanges) {
            for (FlowKey key : keys) {
                long version = controlClock.now();
                if (sessions.tombstoneIfNewer(key, version, running.node().id())) {
                    removed++;
                    while (!controlChanges.offerRemove(key, version) && !closed) {
                        Thread.onSpinWait();
                    }
                    forgetFlow.onSessionChanged(SessionChangeOp.REMOVE, key);
                }
            }
        }
        return removed;
    }

    @Override
    public ReplicationStats replication() {
        return control.replication();
    }

    @Override
    public List<CounterView> counters() {
        List<CounterView> views = new ArrayList<>();
        countersReader.forEach((id, type, label, total) -> {
            if (total != 0 || type == CounterLayout.TYPE_SESSION || type == CounterLayout.TYPE_PORT) {
                views.add(new CounterView(label, total));
            }
        });
        return views;
    }

    @Override
    public List<BackendHealthView> health() {
        TrunklineConfig config = running;
        Map<Integer, Long> perBackend = new SessionQueries(config).perBackend(sessions);
        List<BackendHealthView> views = new ArrayList<>();
        for (var pool : config.pools()) {
            for (BackendConfig backend : pool.backends()) {
                BackendHealth health = control.health(new BackendKey(pool.name(), backend.name()));
                views.add(new BackendHealthView(pool.name(), backend.name(), control.checkedAddress(config, pool, backend),
                        health == null ? "UNKNOWN" : health.state().name(), backend.state().name(), backend.weight(),
                        perBackend.getOrDefault(backend.id(), 0L), health == null ? 0 : health.checks(),
                        health == null ? 0 : health.failures(), health == null ? "" : health.lastResult(),
                        health == null ? 0 : health.lastLatencyNanos() / 1000));
            }
        }
        return views;
    }

    @Override
    public List<NeighbourView> neighbours() {
        return neighbours.view();
    }

    @Override
    public long capture(String port, int count, Path file, Duration timeout) throws IOException {
        int index = portIndex(port);
        synchronized (captures) {
            long epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
            long deadline = System.nanoTime() + timeout.toNanos();
            long[] written = {0};
            captures.forEach(tap -> tap.arm(index, count));
            try (PcapWriter pcap = new PcapWriter(file)) {
                CaptureTap.FrameSink sink = (frame, length, nanos) -> {
                    if (written[0] < count) {
                        writeFrame(pcap, frame, (nanos + epochOffsetNanos) / 1000);
                        written[0]++;
                    }
                };
                while (written[0] < count && System.nanoTime() < deadline) {
                    int drained = 0;
                    for (CaptureTap tap : captures) {
                        drained += tap.drain(sink, count);
                    }
                    if (drained == 0) {
                        Thread.sleep(1);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                captures.forEach(CaptureTap::disarm);
                captures.forEach(tap -> tap.drain((frame, length, nanos) -> { }, Integer.MAX_VALUE));
            }
            LOG.info("capture: {} packets of port {} written to {}", written[0], port, file);
            return written[0];
        }
    }

    private static void writeFrame(PcapWriter pcap, byte[] frame, long micros) {
        try {
            pcap.write(frame, frame.length, micros);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int portIndex(String name) {
        List<PortConfig> configured = running.ports();
        for (int p = 0; p < configured.size(); p++) {
            if (configured.get(p).name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown port " + name + " (ports: "
                + String.join(", ", configured.stream().map(PortConfig::name).toList()) + ")");
    }

    /** SIGHUP reloads the configuration file; a refused file is logged and changes nothing. */
    public void handleReloadSignal() {
        Signals.handle("HUP", () -> {
            try {
                ConfigDiff diff = reload();
                LOG.info("SIGHUP: reloaded {} ({} changes)", configFile, diff.changes().size());
            } catch (ConfigException e) {
                LOG.error("SIGHUP: {} refused, running configuration kept: {}", configFile, e.getMessage().replace('\n', ';'));
            }
        });
    }

    public Readiness readiness() {
        return control.readiness();
    }

    /** Stops everything that was started, in reverse order; safe to call more than once. */
    @Override
    public void close() {
        synchronized (changes) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LOG.info("stopping node={}", running.node().name());
        if (presence != null) {
            presence.goodbye();
        }
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
        changeQueues.forEach(SessionChangeQueue::close);
        if (controlChanges != null) {
            controlChanges.close();
        }
        LOG.info("stopped node={}", running.node().name());
    }
}
