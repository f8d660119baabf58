package io.trunkline.controlplane.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trunkline.controlplane.config.Addresses;
import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.BackendConfig.AdminState;
import io.trunkline.controlplane.config.ConfigException;
import io.trunkline.controlplane.config.ConfigWriter;
import io.trunkline.controlplane.config.Names;
import io.trunkline.controlplane.config.Suggestions;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.config.VipConfig;
import io.trunkline.controlplane.daemon.BackendHealthView;
import io.trunkline.controlplane.daemon.DispatcherControl;
import io.trunkline.controlplane.daemon.SessionFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Every command of the admin API (docs/admin-api.md), each a function from its arguments to a
 * result that Jackson writes, implemented on {@link DispatcherControl}.
 *
 * <p>Changes read the running configuration, edit it and apply it under one lock, so that two
 * operators adding a VIP each at the same moment both get theirs (no lost update between admin
 * clients; a reload from SIGHUP in between is the daemon's to order).
 */
final class AdminHandlers {
    /** Most sessions one {@code sessions.list} returns. */
    static final int MAX_SESSIONS_LISTED = 100_000;
    static final int DEFAULT_SESSIONS_LISTED = 100;
    static final int MAX_CAPTURE_PACKETS = 10_000_000;
    static final long DEFAULT_CAPTURE_TIMEOUT_MILLIS = 10_000;
    private static final long MAX_CAPTURE_TIMEOUT_MILLIS = 3_600_000;

    @FunctionalInterface
    private interface Handler {
        Object handle(Arguments args) throws Exception;
    }

    private record Command(List<String> arguments, Handler handler) {
    }

    private static final List<String> FILTER = List.of("vip", "pool", "backend");
    private static final List<String> BACKEND = List.of("pool", "name");

    private final DispatcherControl control;
    private final LongSupplier nanoClock;
    private final ReentrantLock changes = new ReentrantLock();
    private final Map<String, Command> commands = new LinkedHashMap<>();

    AdminHandlers(DispatcherControl control, LongSupplier nanoClock) {
        this.control = control;
        this.nanoClock = nanoClock;
        command("protocol", List.of(), args -> Map.of("version", AdminProtocol.VERSION, "commands", commands.keySet()));
        command("status", List.of(), args -> control.status());
        command("vip.list", List.of(), args -> vips());
        command("vip.add", List.of("name", "address", "port", "protocol", "mode", "policy", "pool"), this::addVip);
        command("vip.del", List.of("name"), args -> change(c -> ConfigEdits.withoutVip(c, args.text("name"))));
        command("backend.list", List.of("pool"), this::backends);
        command("backend.add", List.of("pool", "name", "address", "id", "port", "weight", "max_connections", "mac", "next_hop",
                "state"), this::addBackend);
        command("backend.del", BACKEND, args -> change(c -> ConfigEdits.withoutBackend(c, args.text("pool"), args.text("name"))));
        command("backend.weight", List.of("pool", "name", "weight"), args -> {
            int weight = args.integer("weight", 0, 65535);
            return changeBackend(args, b -> b.withWeight(weight));
        });
        command("backend.drain", BACKEND, args -> changeBackend(args, b -> b.withState(AdminState.DRAIN)));
        command("backend.enable", BACKEND, args -> changeBackend(args, b -> b.withState(AdminState.ENABLED)));
        command("backend.disable", BACKEND, args -> changeBackend(args, b -> b.withState(AdminState.DISABLED)));
        command("sessions.count", FILTER, args -> Map.of("count", control.countSessions(filter(args))));
        command("sessions.list", List.of("vip", "pool", "backend", "limit"), args -> control.sessions(filter(args),
                args.integer("limit", 1, MAX_SESSIONS_LISTED, DEFAULT_SESSIONS_LISTED)));
        command("sessions.flush", List.of("vip", "pool", "backend", "all"), this::flush);
        command("peers", List.of(), args -> control.replication());
        command("stats", List.of(), args -> new CounterSample(nanoClock.getAsLong(), control.counters()));
        command("health", List.of(), args -> control.health());
        command("neighbours", List.of(), args -> control.neighbours());
        command("config.reload", List.of(), args -> locked(() -> ChangeReport.of(control.reload())));
        command("config.save", List.of(), args -> Map.of("file", control.save().toString()));
        command("config.show", List.of(), args -> Map.of("yaml", ConfigWriter.toYaml(control.runningConfig())));
        command("capture", List.of("port", "count", "file", "timeout_millis"), this::capture);
    }

    private void command(String name, List<String> arguments, Handler handler) {
        commands.put(name, new Command(arguments, handler));
    }

    /** The command's result, or an exception whose message is the operator's one line. */
    Object handle(String name, ObjectNode argsNode) throws Exception {
        Command command = commands.get(name);
        if (command == null) {
            throw new AdminException("unknown command \"" + name + "\"" + Suggestions.closest(name, List.copyOf(commands.keySet()))
                    .map(s -> ", did you mean \"" + s + "\"?").orElse(""));
        }
        Arguments args = new Arguments(name, argsNode);
        args.allowOnly(command.arguments());
        return command.handler().handle(args);
    }

    private List<VipView> vips() {
        List<VipView> views = new ArrayList<>();
        for (VipConfig vip : control.runningConfig().vips()) {
            long sessions = control.countSessions(new SessionFilter(Optional.of(vip.name()), Optional.empty(), Optional.empty()));
            views.add(new VipView(vip.name(), Addresses.format(vip.address()), vip.port(), Names.of(vip.protocol()),
                    Names.of(vip.mode()), Names.of(vip.policy()), vip.pool(), sessions));
        }
        return views;
    }

    private ChangeReport addVip(Arguments args) throws ConfigException {
        VipConfig vip = new VipConfig(args.text("name"), args.address("address"), args.integer("port", 1, 65535),
                args.choice("protocol", VipConfig.Protocol.class, VipConfig.Protocol.TCP),
                args.choice("mode", VipConfig.Mode.class, VipConfig.Mode.DSR),
                args.choice("policy", VipConfig.Policy.class, VipConfig.Policy.MAGLEV), args.text("pool"));
        return change(c -> ConfigEdits.withVip(c, vip));
    }

    private List<BackendView> backends(Arguments args) {
        TrunklineConfig config = control.runningConfig();
        Optional<String> only = args.optionalText("pool");
        only.ifPresent(p -> ConfigEdits.pool(config, p));
        Map<String, BackendHealthView> health = control.health().stream()
                .collect(Collectors.toMap(h -> h.pool() + "/" + h.backend(), h -> h, (a, b) -> a));
        List<BackendView> views = new ArrayList<>();
        config.pools().stream().filter(p -> only.isEmpty() || only.get().equals(p.name())).forEach(pool -> {
            for (BackendConfig b : pool.backends()) {
                BackendHealthView h = health.get(pool.name() + "/" + b.name());
                long sessions = h != null ? h.sessions()
                        : control.countSessions(new SessionFilter(Optional.empty(), Optional.of(pool.name()), Optional.of(b.name())));
                views.add(new BackendView(pool.name(), b.name(), Addresses.format(b.address()), b.port(), b.weight(),
                        b.maxConnections(), Names.of(b.state()), h == null ? "unknown" : h.state(), sessions));
            }
        });
        return views;
    }

    private ChangeReport addBackend(Arguments args) throws ConfigException {
        String pool = args.text("pool");
        BackendConfig backend = new BackendConfig(args.text("name"),
                args.integer("id", BackendConfig.UNASSIGNED, BackendConfig.MAX_ID, BackendConfig.UNASSIGNED),
                args.address("address"), args.integer("port", 0, 65535, 0),
                args.integer("weight", 0, 65535, BackendConfig.DEFAULT_WEIGHT),
                args.integer("max_connections", 0, Integer.MAX_VALUE, 0), args.optionalMac("mac"),
                args.optionalAddress("next_hop"), args.choice("state", AdminState.class, AdminState.ENABLED));
        return change(c -> ConfigEdits.withBackend(c, pool, backend));
    }

    private ChangeReport changeBackend(Arguments args, UnaryOperator<BackendConfig> edit) throws ConfigException {
        String pool = args.text("pool");
        String name = args.text("name");
        return change(c -> ConfigEdits.withBackendChanged(c, pool, name, edit));
    }

    private SessionFilter filter(Arguments args) {
        TrunklineConfig config = control.runningConfig();
        Optional<String> vip = args.optionalText("vip");
        Optional<String> pool = args.optionalText("pool");
        Optional<String> backend = args.optionalText("backend");
        vip.ifPresent(v -> ConfigEdits.vip(config, v));
        pool.ifPresent(p -> ConfigEdits.pool(config, p));
        backend.ifPresent(b -> pool.ifPresentOrElse(p -> ConfigEdits.backend(config, p, b), () -> ConfigEdits.anyBackend(config, b)));
        return new SessionFilter(vip, pool, backend);
    }

    private Map<String, Long> flush(Arguments args) {
        SessionFilter filter = filter(args);
        boolean all = args.flag("all");
        if (filter.equals(SessionFilter.ALL) != all) {
            throw new AdminException(all ? "sessions.flush: \"all\" flushes every session, it takes no vip, pool or backend"
                    : "sessions.flush: name a vip, pool or backend, or set \"all\" to flush every session");
        }
        return Map.of("flushed", control.flushSessions(filter));
    }

    private Map<String, Object> capture(Arguments args) throws Exception {
        Path file = Path.of(args.text("file"));
        if (!file.isAbsolute()) {
            throw new AdminException("capture: file must be an absolute path (the daemon does not share your directory), got "
                    + file);
        }
        String port = args.text("port");
        long packets = control.capture(port, args.integer("count", 1, MAX_CAPTURE_PACKETS),
                file, Duration.ofMillis(args.longInteger("timeout_millis", 1, MAX_CAPTURE_TIMEOUT_MILLIS,
                        DEFAULT_CAPTURE_TIMEOUT_MILLIS)));
        return Map.of("packets", packets, "file", file.toString());
    }

    private ChangeReport change(UnaryOperator<TrunklineConfig> edit) throws ConfigException {
        return locked(() -> ChangeReport.of(control.apply(edit.apply(control.runningConfig()))));
    }

    @FunctionalInterface
    private interface ConfigAction {
        ChangeReport run() throws ConfigException;
    }

    private ChangeReport locked(ConfigAction action) throws ConfigException {
        changes.lock();
        try {
            return action.run();
        } finally {
            changes.unlock();
        }
    }
}
