package io.trunkline.controlplane.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.trunkline.controlplane.FileTrees;
import io.trunkline.controlplane.admin.AdminClient;
import io.trunkline.controlplane.admin.AdminException;
import io.trunkline.controlplane.replication.ClusterKey;
import io.trunkline.controlplane.routing.BirdControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A running lab: its network, the router (BIRD or nftables), the backends' servers and the dispatcher
 * daemons, each a real process in its own namespace. {@link #up} builds it and returns once every
 * dispatcher is ready and the router reaches the VIPs through them; it survives the JVM that built it
 * (its processes are detached) and is found again by name ({@link #attach}) for {@code status}, the
 * failover tools and {@link #down}.
 * <p>
 * The lab only starts and kills processes. A failover is what the router's own BFD and BGP make of a
 * dispatcher that stops answering: nothing here edits a route, a neighbour entry or an nftables map.
 */
public final class Lab implements AutoCloseable {
    static final Duration READY_LIMIT = Duration.ofSeconds(120);
    private static final String STATE_FILE = "lab.json";
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final List<String> DISPATCHER_JVM = List.of("-Xmx256m");
    private static final List<String> SMALL_JVM = List.of("-Xmx64m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final LabPlan plan;
    private final Consumer<String> log;
    private final Map<String, LabProcess> processes = new LinkedHashMap<>();
    private boolean closing;
    private volatile Thread counterRecorder;

    /** What {@code lab.json} holds: enough to find and take down everything. */
    record State(LabPlan plan, List<LabProcess> processes) {
    }

    private Lab(LabPlan plan, Consumer<String> log) {
        this.plan = plan;
        this.log = log;
    }

    public LabPlan plan() {
        return plan;
    }

    // ---------------------------------------------------------------- up

    /**
     * Builds the lab of {@code plan} and starts everything in it; returns when it carries traffic. On any
     * failure, and on Ctrl-C while building, everything built so far is removed again.
     *
     * @throws LabException naming what failed (and where its log is)
     */
    public static Lab up(LabPlan plan, Consumer<String> log) {
        requireRoot();
        List<String> left = LabNetwork.existing(plan.name());
        if (!left.isEmpty() || Files.exists(plan.directory().resolve(STATE_FILE))) {
            throw new LabException("lab " + plan.name() + " exists already (" + (left.isEmpty() ? plan.directory() : left)
                    + "): run trunkline lab down" + nameOption(plan.name()) + " first");
        }
        Lab lab = new Lab(plan, log);
        Thread interrupted = new Thread(() -> {
            log.accept("interrupted: removing the lab");
            lab.close();
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            lab.build();
            Runtime.getRuntime().removeShutdownHook(interrupted);
            return lab;
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(interrupted);
            log.accept("failed: " + e.getMessage() + "; removing the lab");
            lab.close();
            throw e;
        }
    }

    private void build() {
        step("directory " + plan.directory(), this::makeDirectory);
        step("network: " + plan.namespaces().size() + " namespaces", () -> LabNetwork.create(plan));
        step("heartbeats (machine pauses, CPU starvation)", () -> LabWatch.start(plan, plan.routerNamespace()).forEach(this::track));
        step("router (" + plan.mode().label() + ")", this::startRouter);
        for (int b = 1; b <= plan.backends(); b++) {
            int backend = b;
            step("backend " + plan.backendName(b), () -> startBackend(backend));
        }
        step("cluster key", this::writeClusterKey);
        for (int d = 1; d <= plan.started(); d++) {
            int dispatcher = d;
            step("dispatcher d" + d, () -> startDispatcher(dispatcher));
        }
        for (int b = 1; b <= plan.backends(); b++) {
            awaitBackend(b);
        }
        for (int d = 1; d <= plan.started(); d++) {
            awaitDispatcherReady(d);
        }
        awaitRoutes(plan.started());
        recordCounters();
        log.accept("lab " + plan.name() + " is up: " + plan.started() + " dispatchers (" + plan.mode().label() + ", "
                + plan.forwarding().label() + ")" + (plan.spareDispatchers() == 0 ? "" : ", " + plan.spareDispatchers()
                + " more configured, not started (trunkline lab start d" + plan.dispatchers() + ")") + ", "
                + plan.backends() + " backends; try: ip netns exec " + plan.clientNamespace() + " curl http://" + LabPlan.VIP4 + "/");
    }

    /** One building step, refused once the lab is being taken down (a Ctrl-C arrived). */
    private void step(String what, Runnable action) {
        synchronized (this) {
            if (closing) {
                throw new LabException("interrupted before: " + what);
            }
            log.accept("up: " + what);
            action.run();
            saveState();
        }
    }

    private void makeDirectory() {
        try {
            Files.createDirectories(plan.root());
            Files.createDirectories(plan.directory(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + plan.directory() + ": " + e.getMessage(), e);
        }
    }

    private void startRouter() {
        if (plan.mode() == RouterMode.SPRAY) {
            Path rules = write("router.nft", LabConfigs.routerSpray(plan));
            Commands.checkIn(plan.routerNamespace(), "nft", "-f", rules.toString());
            return;
        }
        Path conf = write("router-bird.conf", LabConfigs.routerBird(plan, plan.directory().resolve("router-bird.log")));
        track(LabProcess.start("router", "bird", plan.routerNamespace(), plan.directory().resolve("router.out"),
                List.of(birdBinary(), "-f", "-c", conf.toString(), "-s", routerBirdSocket().toString(),
                        "-P", plan.directory().resolve("router-bird.pid").toString())));
        await("the router's BIRD answers", Duration.ofSeconds(20), () -> new BirdControl(routerBirdSocket(), Duration.ofSeconds(1)).answers(),
                processes.get("bird"));
    }

    Path routerBirdSocket() {
        return plan.directory().resolve("router-bird.ctl");
    }

    private static String birdBinary() {
        return Files.isExecutable(Path.of("/usr/sbin/bird")) ? "/usr/sbin/bird" : "bird";
    }

    private void startBackend(int b) {
        String name = plan.backendName(b);
        track(LabProcess.start("backend", name, plan.backendNamespace(b), log(name),
                LabProcess.trunkline(SMALL_JVM, "lab", "serve", "--name", name,
                        "--http-port", Integer.toString(LabPlan.WEB_PORT), "--echo-port", Integer.toString(LabPlan.ECHO_PORT))));
    }

    private void writeClusterKey() {
        Path file = LabConfigs.clusterKey(plan);
        try {
            ClusterKey.writeNew(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Starts (or starts again) dispatcher {@code d}'s daemon; its configuration is written each time. */
    public void startDispatcher(int d) {
        requireDispatcher(d);
        String name = "d" + d;
        try {
            Files.createDirectories(LabConfigs.dispatcherDirectory(plan, d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path config = write(name + ".yaml", LabConfigs.dispatcher(plan, d));
        synchronized (this) {
            track(LabProcess.start("dispatcher", name, plan.dispatcherNamespace(d), log(name),
                    LabProcess.trunkline(dispatcherJvm(name), "run", "--config", config.toString())));
            saveState();
        }
    }

    /**
     * The dispatcher JVM's options: its heap, and its collections and safepoints logged beside its log, stamped with the
     * wall clock and CLOCK_MONOTONIC (timenanos) so a frozen JVM shows against the lab's heartbeats.
     */
    private List<String> dispatcherJvm(String name) {
        List<String> options = new ArrayList<>(DISPATCHER_JVM);
        options.add("-Xlog:gc,safepoint:file=" + plan.directory().resolve(name + "-jvm-%p.log") + ":time,timenanos");
        return options;
    }

    /**
     * While this JVM runs (a test, the demo), every dispatcher's counters once a second into {@code counters.log}, each
     * line stamped with CLOCK_MONOTONIC: where packets stopped during a stall, set against the heartbeats.
     */
    private void recordCounters() {
        Path file = plan.directory().resolve("counters.log");
        counterRecorder = Thread.ofPlatform().daemon().name("lab-counters-" + plan.name()).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                String sample = "mono_ms=" + System.nanoTime() / 1_000_000 + "\n" + LabInspector.counters(this);
                try {
                    Files.writeString(file, sample, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Thread.sleep(1000);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** What the heartbeats saw since the lab came up: machine pauses and CPU starvation. */
    public LabPauses pauses() {
        return LabPauses.of(plan);
    }

    // ---------------------------------------------------------------- failover tools

    /** kill -9 of dispatcher {@code d}'s daemon: its fast path and its BIRD stop answering at once. */
    public void killDispatcher(int d) {
        requireDispatcher(d);
        dispatcher(d).ifPresent(p -> {
            p.kill();
            awaitGone(p);
        });
        killLeftBird(d);
    }

    /** SIGTERM to dispatcher {@code d}'s daemon: it says goodbye (BFD AdminDown, VIPs withdrawn) and stops. */
    public void stopDispatcher(int d) {
        requireDispatcher(d);
        dispatcher(d).ifPresent(p -> p.stop(Duration.ofSeconds(20)));
        killLeftBird(d);
    }

    /** A daemon killed with SIGKILL leaves its BIRD child running; the next daemon would stop it, the lab does now. */
    private void killLeftBird(int d) {
        Path pidFile = LabConfigs.dispatcherDirectory(plan, d).resolve("bird.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).filter(h -> h.info().command().map(c -> c.endsWith("bird")).orElse(false))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | NumberFormatException e) {
            log.accept("d" + d + ": BIRD pid file unreadable: " + e.getMessage());
        }
    }

    /** Stops backend {@code b}'s servers (SIGTERM): health checks see it fail, clients see refused connections. */
    public void stopBackend(int b) {
        Optional.ofNullable(processes.get(plan.backendName(b))).ifPresent(p -> p.stop(Duration.ofSeconds(10)));
    }

    public void startBackendAgain(int b) {
        startBackend(b);
        saveState();
        awaitBackend(b);
    }

    /**
     * Adds spare backend {@code b} to the pool of every running dispatcher (each holds its own configuration,
     * as an operator's {@code trunkline backend add} on each would), with its id fixed so that they agree.
     */
    public void addBackend(int b, int weight) {
        for (LabConfigs.Pool pool : LabConfigs.pools(plan)) {
            onEveryDispatcher("backend.add", Map.of("pool", pool.name(), "name", plan.backendName(b),
                    "address", pool.backendAddress(b), "id", pool.backendId(b), "weight", weight));
        }
    }

    /**
     * Waits until every running dispatcher's health checks report backend {@code b} in state {@code state}
     * (UP or DOWN): a backend added at run time serves only after its checks pass, on each dispatcher at its
     * own moment, and the dispatchers agree on where new connections go only once all of them see it.
     */
    public void awaitBackendHealth(int b, String state) {
        String name = plan.backendName(b);
        await("backend " + name + " " + state + " on every dispatcher", READY_LIMIT, () -> {
            for (int d = 1; d <= plan.dispatchers(); d++) {
                if (dispatcher(d).map(LabProcess::alive).orElse(false)
                        && !state.equals(LabInspector.backendHealth(LabConfigs.adminSocket(plan, d), name))) {
                    return false;
                }
            }
            return true;
        }, null);
    }

    /** Sets backend {@code b}'s weight on every running dispatcher. */
    public void setWeight(int b, int weight) {
        for (LabConfigs.Pool pool : LabConfigs.pools(plan)) {
            onEveryDispatcher("backend.weight", Map.of("pool", pool.name(), "name", plan.backendName(b), "weight", weight));
        }
    }

    /** Drains backend {@code b} on every running dispatcher: no new sessions, existing ones go on. */
    public void drainBackend(int b) {
        for (LabConfigs.Pool pool : LabConfigs.pools(plan)) {
            onEveryDispatcher("backend.drain", Map.of("pool", pool.name(), "name", plan.backendName(b)));
        }
    }

    /** Puts backend {@code b} back in service on every running dispatcher. */
    public void enableBackend(int b) {
        for (LabConfigs.Pool pool : LabConfigs.pools(plan)) {
            onEveryDispatcher("backend.enable", Map.of("pool", pool.name(), "name", plan.backendName(b)));
        }
    }

    private void onEveryDispatcher(String command, Map<String, ?> args) {
        for (int d = 1; d <= plan.dispatchers(); d++) {
            if (dispatcher(d).map(LabProcess::alive).orElse(false)) {
                try (AdminClient client = new AdminClient(LabConfigs.adminSocket(plan, d))) {
                    client.call(command, args);
                }
            }
        }
    }

    public Optional<LabProcess> dispatcher(int d) {
        return Optional.ofNullable(processes.get("d" + d));
    }

    public List<LabProcess> processes() {
        return List.copyOf(processes.values());
    }

    // ---------------------------------------------------------------- waiting

    /** Waits until dispatcher {@code d} answers on its admin socket and says READY. */
    public void awaitDispatcherReady(int d) {
        Path socket = LabConfigs.adminSocket(plan, d);
        await("dispatcher d" + d + " ready", READY_LIMIT, () -> "READY".equals(readiness(socket)), processes.get("d" + d));
    }

    /**
     * Waits until the router's route to each VIP goes through exactly {@code count} dispatchers (routed modes), and
     * with NAT its return routes to the clients too.
     */
    public void awaitRoutes(int count) {
        if (plan.mode() == RouterMode.SPRAY) {
            return;
        }
        await("the router's routes to " + LabPlan.VIP4 + " and " + LabPlan.VIP6 + " through " + count + " dispatchers",
                READY_LIMIT, () -> LabInspector.nextHops(plan, LabPlan.VIP4).size() == count
                        && LabInspector.nextHops(plan, LabPlan.VIP6).size() == count, null);
        if (plan.forwarding() == Forwarding.NAT) {
            await("the router's return routes to " + LabPlan.CLIENT_NET4 + " and " + LabPlan.CLIENT_NET6 + " through " + count
                    + " dispatchers", READY_LIMIT, () -> LabInspector.returnNextHops(plan, LabPlan.CLIENT_NET4).size() == count
                    && LabInspector.returnNextHops(plan, LabPlan.CLIENT_NET6).size() == count, null);
        }
    }

    private void awaitBackend(int b) {
        String name = plan.backendName(b);
        LabProcess server = processes.get(name);
        await("backend " + name + " serving", Duration.ofSeconds(60), () -> logContains(server.log(), "serving "), server);
    }

    private void awaitGone(LabProcess process) {
        await(process.name() + " gone", Duration.ofSeconds(20), () -> !process.alive(), null);
    }

    static String readiness(Path socket) {
        if (!Files.exists(socket)) {
            return "";
        }
        try (AdminClient client = new AdminClient(socket)) {
            return client.call("status", Map.of()).path("readiness").asText();
        } catch (AdminException e) {
            return "";
        }
    }

    private static boolean logContains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until the router holds every started dispatcher as it should before a failure is staged: BFD up and (ECMP)
     * the BGP session established to each, the routes through all of them. A demo that killed a dispatcher before
     * that would measure a cluster that had not formed.
     *
     * @throws LabException naming each dispatcher's BFD and BGP state as the router sees them, when not within {@code limit}
     */
    public void awaitConverged(Duration limit) {
        if (plan.mode() == RouterMode.SPRAY) {
            return;
        }
        // Counted, not allMatch: the router's BIRD not answering yields no sessions at all, which is not converged.
        BooleanSupplier converged = () -> LabInspector.routerSessions(this).stream()
                .filter(s -> dispatcher(Integer.parseInt(s.dispatcher().substring(1))).map(LabProcess::alive).orElse(false))
                .filter(s -> s.bfd().equals("Up") && (plan.mode() != RouterMode.ECMP || s.bgp().equals("Established")))
                .count() == processes.values().stream().filter(p -> p.role().equals("dispatcher") && p.alive()).count();
        try {
            await("every dispatcher's BFD up" + (plan.mode() == RouterMode.ECMP ? " and BGP session established" : ""),
                    limit, converged, null);
        } catch (LabException e) {
            throw new LabException("the cluster did not converge: " + e.getMessage() + "; the router sees "
                    + LabInspector.routerSessions(this) + "; " + pauses().summary(), e);
        }
        awaitRoutes(plan.started());
    }

    /** Polls {@code condition}; fails with the last lines of {@code watched}'s log if it dies or time runs out. */
    private void await(String what, Duration limit, BooleanSupplier condition, LabProcess watched) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (closing) {
                throw new LabException("interrupted while waiting for " + what);
            }
            if (watched != null && !watched.alive()) {
                throw new LabException(what + ": " + watched.role() + " " + watched.name() + " exited" + tail(watched.log()));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LabException(what + ": not within " + limit.toSeconds() + " s" + (watched == null ? "" : tail(watched.log())));
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return "; log " + log + (last.isEmpty() ? " is empty" : " ends:\n  " + String.join("\n  ", last));
        } catch (IOException e) {
            return "; log " + log;
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }

    // ---------------------------------------------------------------- attach, down

    /** The lab named {@code name} under {@code root}, as {@code lab up} left it. */
    public static Lab attach(String name, Path root, Consumer<String> log) {
        Path state = root.resolve(name).resolve(STATE_FILE);
        if (!Files.exists(state)) {
            throw new LabException("no lab " + name + " (no " + state + "): start one with trunkline lab up" + nameOption(name));
        }
        try {
            State saved = JSON.readValue(state.toFile(), State.class);
            Lab lab = new Lab(saved.plan(), log);
            saved.processes().forEach(lab::track);
            return lab;
        } catch (IOException e) {
            throw new LabException("cannot read " + state + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes down the lab named {@code name}: its processes (dispatchers first, with SIGTERM so they say
     * goodbye), whatever else still runs in its namespaces, the namespaces with their links, the
     * dispatchers' shared-memory files and the lab's directory. Works from the state file when there is
     * one and from the namespaces' names when there is not (a lab whose {@code up} was killed).
     */
    public static void down(String name, Path root, Consumer<String> log) {
        requireRoot();
        Path state = root.resolve(name).resolve(STATE_FILE);
        Lab lab = Files.exists(state) ? attach(name, root, log)
                : new Lab(LabPlan.of(name, LabPlan.MAX_DISPATCHERS, 1, RouterMode.ECMP).withRoot(root), log);
        lab.close();
    }

    /** Removes everything of this lab; safe to call more than once and on a half-built lab. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        Thread recorder = counterRecorder;
        if (recorder != null) {
            recorder.interrupt();
        }
        List<LabProcess> order = new ArrayList<>(processes.values());
        order.sort(Comparator.comparingInt(p -> switch (p.role()) {
            case "dispatcher" -> 0;
            case "backend" -> 1;
            default -> 2;
        }));
        for (LabProcess process : order) {
            process.stop(Duration.ofSeconds(15));
        }
        for (String namespace : LabNetwork.existing(plan.name())) {
            killRemaining(namespace);
        }
        List<String> removed = LabNetwork.remove(plan.name());
        for (int d = 1; d <= LabPlan.MAX_DISPATCHERS; d++) {
            removeNodeFiles(plan.nodeName(d));
        }
        deleteRecursively(plan.directory());
        log.accept("lab " + plan.name() + " removed: " + order.size() + " processes stopped, " + removed.size() + " namespaces deleted");
    }

    /** Whatever still runs in {@code namespace} (a BIRD left by a killed daemon, a client): SIGTERM, then SIGKILL. */
    private static void killRemaining(String namespace) {
        List<ProcessHandle> left = Commands.run("ip", "netns", "pids", namespace).output().lines()
                .map(String::strip).filter(s -> s.matches("[0-9]+")).map(Long::parseLong)
                .flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
        left.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (left.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
        }
        left.forEach(ProcessHandle::destroyForcibly);
    }

    private static void removeNodeFiles(String node) {
        for (Path path : List.of(Path.of("/dev/shm", "trunkline-" + node + "-sessions"),
                Path.of("/dev/shm", "trunkline-" + node + "-counters"), Path.of("/dev/shm", "trunkline-" + node + "-aeron"),
                Path.of("/var/run/dpdk", "trunkline-" + node))) {
            deleteRecursively(path);
        }
    }

    static void deleteRecursively(Path path) {
        try {
            FileTrees.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    private void track(LabProcess process) {
        processes.put(process.name(), process);
    }

    private synchronized void saveState() {
        if (closing || !Files.isDirectory(plan.directory())) {
            return;
        }
        Path file = plan.directory().resolve(STATE_FILE);
        try {
            Path temporary = plan.directory().resolve(STATE_FILE + ".new");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), new State(plan, List.copyOf(processes.values())));
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private Path write(String name, String content) {
        Path file = plan.directory().resolve(name);
        try {
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    Path log(String name) {
        return plan.directory().resolve(name + ".log");
    }

    private void requireDispatcher(int d) {
        if (d < 1 || d > plan.dispatchers()) {
            throw new LabException("no dispatcher d" + d + ": the lab has d1..d" + plan.dispatchers());
        }
    }

    private static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new LabException("the lab needs root (it creates network namespaces): run it with sudo");
        }
    }

    static String nameOption(String name) {
        return LabPlan.DEFAULT_NAME.equals(name) ? "" : " --name " + name;
    }
}
