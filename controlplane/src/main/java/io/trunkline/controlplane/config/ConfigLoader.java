package io.trunkline.controlplane.config;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the YAML config file into a {@link TrunklineConfig}, or refuses it with every error found,
 * each at its {@code file:line:column}.
 *
 * <p>Two passes. The first walks the YAML node tree (snakeyaml's composer keeps the position of
 * every node) and reports what is wrong with the text: syntax, types, unknown or missing keys.
 * A value it cannot read is replaced by a stand-in so the walk goes on, and its path is marked
 * broken. The second pass is {@link ConfigRules} on the resulting model; its violations are placed
 * at the position of the path they name (or of the nearest enclosing key, for a default that
 * breaks a rule), and dropped when they depend on a broken path, since the stand-in is not what
 * the operator wrote.
 */
public final class ConfigLoader {
    private static final InetAddress STAND_IN_ADDRESS = Addresses.WILDCARD_V4;
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    /** The largest file read, in characters (Unicode code points): snakeyaml's own default, 3 Mi. */
    static final int MAX_CHARACTERS = 3 * 1024 * 1024;

    private static final List<String> PORT_KEYS = List.of("name", "device", "addresses", "mtu", "gateways", "exception_path");
    private static final List<String> PEER_KEYS = List.of("id", "address");
    private static final List<String> VIP_KEYS = List.of("name", "address", "port", "protocol", "mode", "policy", "pool");
    private static final List<String> POOL_KEYS = List.of("name", "health", "on_backend_down", "backends");
    private static final List<String> NEIGHBOUR_KEYS = List.of("address", "as", "password_file", "source");
    private static final List<String> BACKEND_KEYS =
            List.of("name", "id", "address", "port", "weight", "max_connections", "mac", "next_hop", "state");

    private final String source;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<String, Mark> marks = new HashMap<>();
    private final Set<String> broken = new HashSet<>();

    private ConfigLoader(String source) {
        this.source = source;
    }

    /**
     * A file that loaded, and its warnings: keys accepted that do not yet do what they say
     * ({@link ConfigRules#warnings}), each at its {@code file:line:column} like an error.
     */
    public record Loaded(TrunklineConfig config, List<ConfigError> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    /** Loads a file; errors name it as given. */
    public static TrunklineConfig load(Path file) throws ConfigException {
        return loadWithWarnings(file).config();
    }

    /** {@link #load}, keeping the warnings for the operator ({@code config check}, the daemon's start). */
    public static Loaded loadWithWarnings(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(file.toString(), 0, 0, "", "cannot read: " + reason(e))));
        }
        return parseWithWarnings(file.toString(), text);
    }

    /**
     * Loads YAML text.
     *
     * @param source what errors call the text, usually its file name
     */
    public static TrunklineConfig parse(String source, String yaml) throws ConfigException {
        return parseWithWarnings(source, yaml).config();
    }

    private static Loaded parseWithWarnings(String source, String yaml) throws ConfigException {
        ConfigLoader loader = new ConfigLoader(source);
        int characters = yaml.codePointCount(0, yaml.length());
        if (characters > MAX_CHARACTERS) {
            throw new ConfigException(List.of(new ConfigError(source, 1, 1, "", "over the size limit: the file has "
                    + characters + " characters, a configuration file at most " + MAX_CHARACTERS)));
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(MAX_CHARACTERS);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? e.getContext()
                    : e.getProblem().startsWith("but ") && e.getContext() != null ? e.getContext() + ", " + e.getProblem()
                    : e.getProblem();
            throw new ConfigException(List.of(loader.at(mark, "", "invalid YAML: " + oneLine(problem))));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(new ConfigError(source, 0, 0, "", "invalid YAML: " + oneLine(e.getMessage()))));
        }
        if (root == null) {
            throw new ConfigException(List.of(new ConfigError(source, 1, 1, "",
                    "the file is empty: it needs at least node, ports, vips and pools")));
        }
        TrunklineConfig config = loader.config(root);
        loader.place(ConfigRules.check(config));
        if (!loader.errors.isEmpty()) {
            List<ConfigError> sorted = new ArrayList<>(loader.errors);
            sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
            throw new ConfigException(sorted);
        }
        return new Loaded(config, ConfigRules.warnings(config).stream()
                .map(warning -> loader.at(loader.markOf(warning.path()), warning.path(), "warning: " + warning.message())).toList());
    }

    private static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException ignored -> "no such file";
            case AccessDeniedException ignored -> "permission denied";
            case CharacterCodingException ignored -> "not UTF-8 text";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private static String oneLine(String text) {
        return text == null ? "unreadable" : text.replaceAll("\\s+", " ").strip();
    }

    // ---------------------------------------------------------------- the sections of the file

    private TrunklineConfig config(Node root) {
        Section top = new Section("", root, List.of("node", "dpdk", "ports", "workers", "session_table", "flow_cache",
                "timeouts", "replication", "admin", "metrics", "routing", "vips", "pools"));
        top.require("node", "ports", "vips", "pools");
        return new TrunklineConfig(node(top.section("node", "id", "name")),
                dpdk(top.section("dpdk", "main_lcore", "eal_args", "memory", "memory_size")),
                top.list("ports", List.of(), PORT_KEYS, this::port),
                workers(top.section("workers", "lcores", "idle")),
                sessionTable(top.section("session_table", "path", "capacity")),
                new FlowCacheConfig(top.section("flow_cache", "entries_per_worker")
                        .read("entries_per_worker", INT, FlowCacheConfig.DEFAULT.entriesPerWorker())),
                timeouts(top.section("timeouts", "tcp_syn", "tcp_established", "tcp_closing", "udp")),
                replication(top.section("replication", "transport", "fallback", "listen", "peers", "cluster_key_file",
                        "batch_delay", "heartbeat", "rdma", "appliers", "mtu")),
                admin(top.section("admin", "socket", "ssh")),
                new MetricsConfig(top.section("metrics", "listen").read("listen", SOCKET, MetricsConfig.DEFAULT.listen())),
                routing(top.section("routing", "bgp", "bfd", "bird")),
                top.list("vips", List.of(), VIP_KEYS, this::vip),
                top.list("pools", List.of(), POOL_KEYS, this::pool));
    }

    private NodeConfig node(Section s) {
        s.require("id", "name");
        return new NodeConfig(s.read("id", INT, 0), s.read("name", STRING, ""));
    }

    private DpdkConfig dpdk(Section s) {
        DpdkConfig d = DpdkConfig.DEFAULT;
        return new DpdkConfig(s.read("main_lcore", INT, d.mainLcore()), s.scalars("eal_args", STRING, d.ealArgs(), ""),
                s.read("memory", enumOf(DpdkConfig.Memory.class), d.memory()), s.read("memory_size", SIZE, d.memorySize()));
    }

    private PortConfig port(Section s) {
        s.require("name", "device", "addresses");
        String name = s.read("name", STRING, "");
        return new PortConfig(name, s.read("device", STRING, ""),
                s.scalars("addresses", CIDR, List.of(), new Cidr(STAND_IN_ADDRESS, 0)),
                s.read("mtu", INT, PortConfig.DEFAULT_MTU), s.scalars("gateways", ADDRESS, List.of(), STAND_IN_ADDRESS),
                s.has("exception_path") ? Optional.of(exceptionPath(s.section("exception_path", "interface", "rate", "burst"), name))
                        : Optional.empty());
    }

    /** The kernel interface is named after the port unless the file names it. */
    private ExceptionPathConfig exceptionPath(Section s, String portName) {
        return new ExceptionPathConfig(s.read("interface", STRING, portName), s.read("rate", LONG, ExceptionPathConfig.DEFAULT_RATE),
                s.read("burst", INT, ExceptionPathConfig.DEFAULT_BURST));
    }

    private WorkersConfig workers(Section s) {
        WorkersConfig d = WorkersConfig.DEFAULT;
        return new WorkersConfig(s.scalars("lcores", INT, d.lcores(), -1), s.read("idle", enumOf(WorkersConfig.Idle.class), d.idle()));
    }

    private SessionTableConfig sessionTable(Section s) {
        SessionTableConfig d = SessionTableConfig.DEFAULT;
        return new SessionTableConfig(s.optional("path", PATH), s.read("capacity", LONG, d.capacity()));
    }

    private TimeoutsConfig timeouts(Section s) {
        TimeoutsConfig d = TimeoutsConfig.DEFAULT;
        return new TimeoutsConfig(s.read("tcp_syn", DURATION, d.tcpSyn()), s.read("tcp_established", DURATION, d.tcpEstablished()),
                s.read("tcp_closing", DURATION, d.tcpClosing()), s.read("udp", DURATION, d.udp()));
    }

    private ReplicationConfig replication(Section s) {
        ReplicationConfig d = ReplicationConfig.DEFAULT;
        Section heartbeat = s.section("heartbeat", "interval", "miss_limit");
        Section rdma = s.section("rdma", "device", "port", "gid_index");
        return new ReplicationConfig(
                s.read("transport", enumOf(ReplicationConfig.Transport.class), d.transport()),
                s.read("fallback", enumOf(ReplicationConfig.Fallback.class), d.fallback()),
                s.optional("listen", SOCKET),
                s.list("peers", List.of(), PEER_KEYS, this::peer),
                s.optional("cluster_key_file", PATH),
                s.read("batch_delay", DURATION, d.batchDelay()),
                new HeartbeatConfig(heartbeat.read("interval", DURATION, d.heartbeat().interval()),
                        heartbeat.read("miss_limit", INT, d.heartbeat().missLimit())),
                new RdmaConfig(rdma.optional("device", STRING), rdma.read("port", INT, d.rdma().port()),
                        rdma.read("gid_index", INT, d.rdma().gidIndex())),
                s.read("appliers", INT, d.appliers()),
                s.read("mtu", INT, d.mtu()));
    }

    private PeerConfig peer(Section s) {
        s.require("id", "address");
        return new PeerConfig(s.read("id", INT, 0), s.read("address", SOCKET, new InetSocketAddress(STAND_IN_ADDRESS, 0)));
    }

    private AdminConfig admin(Section s) {
        SshConfig d = SshConfig.DEFAULT;
        Section ssh = s.section("ssh", "enabled", "listen", "authorized_keys", "host_key");
        return new AdminConfig(s.read("socket", PATH, AdminConfig.DEFAULT.socket()),
                new SshConfig(ssh.read("enabled", BOOLEAN, d.enabled()), ssh.read("listen", SOCKET, d.listen()),
                        ssh.read("authorized_keys", PATH, d.authorizedKeys()), ssh.read("host_key", PATH, d.hostKey())));
    }

    private RoutingConfig routing(Section s) {
        RoutingConfig d = RoutingConfig.DEFAULT;
        Section bfd = s.section("bfd", "tx_interval", "rx_interval", "multiplier");
        Section bird = s.section("bird", "binary", "socket", "config", "pid_file");
        Section bgp = s.section("bgp", "local_as", "router_id", "announce", "hold_time", "keepalive", "neighbours");
        return new RoutingConfig(s.has("bgp") ? Optional.of(bgp(bgp)) : Optional.empty(),
                new BfdConfig(bfd.read("tx_interval", DURATION, d.bfd().txInterval()),
                        bfd.read("rx_interval", DURATION, d.bfd().rxInterval()),
                        bfd.read("multiplier", INT, d.bfd().multiplier())),
                new BirdConfig(bird.read("binary", PATH, d.bird().binary()), bird.read("socket", PATH, d.bird().socket()),
                        bird.read("config", PATH, d.bird().config()), bird.read("pid_file", PATH, d.bird().pidFile())));
    }

    private BgpConfig bgp(Section s) {
        s.require("local_as", "neighbours");
        return new BgpConfig(s.read("local_as", LONG, 0L), s.optional("router_id", ADDRESS),
                s.read("announce", BOOLEAN, BgpConfig.DEFAULT_ANNOUNCE),
                s.read("hold_time", DURATION, BgpConfig.DEFAULT_HOLD_TIME),
                s.read("keepalive", DURATION, BgpConfig.DEFAULT_KEEPALIVE),
                s.list("neighbours", List.of(), NEIGHBOUR_KEYS, this::neighbour));
    }

    private BgpNeighbourConfig neighbour(Section s) {
        s.require("address", "as");
        return new BgpNeighbourConfig(s.read("address", ADDRESS, STAND_IN_ADDRESS), s.read("as", LONG, 0L),
                s.optional("password_file", PATH), s.optional("source", ADDRESS));
    }

    private VipConfig vip(Section s) {
        s.require("name", "address", "port", "pool");
        return new VipConfig(s.read("name", STRING, ""), s.read("address", ADDRESS, STAND_IN_ADDRESS), s.read("port", INT, 0),
                s.read("protocol", enumOf(VipConfig.Protocol.class), VipConfig.Protocol.TCP),
                s.read("mode", enumOf(VipConfig.Mode.class), VipConfig.Mode.DSR),
                s.read("policy", enumOf(VipConfig.Policy.class), VipConfig.Policy.MAGLEV), s.read("pool", STRING, ""));
    }

    private PoolConfig pool(Section s) {
        s.require("name");
        return new PoolConfig(s.read("name", STRING, ""),
                health(s.section("health", "type", "path", "expect", "interval", "timeout", "rise", "fall")),
                s.read("on_backend_down", enumOf(PoolConfig.BackendDownPolicy.class), PoolConfig.BackendDownPolicy.KEEP),
                s.list("backends", List.of(), BACKEND_KEYS, this::backend));
    }

    private HealthCheckConfig health(Section s) {
        HealthCheckConfig d = HealthCheckConfig.DEFAULT;
        HealthCheckConfig.Type type = s.read("type", enumOf(HealthCheckConfig.Type.class), d.type());
        if (type != HealthCheckConfig.Type.HTTP) {
            s.onlyFor("type http", "path", "expect");
        }
        Duration interval = s.read("interval", DURATION, d.interval());
        return new HealthCheckConfig(type, s.read("path", STRING, d.path()), s.read("expect", INT, d.expect()), interval,
                s.read("timeout", DURATION, interval.dividedBy(2)), s.read("rise", INT, d.rise()), s.read("fall", INT, d.fall()));
    }

    private BackendConfig backend(Section s) {
        s.require("name", "address");
        return new BackendConfig(s.read("name", STRING, ""), s.read("id", INT, BackendConfig.UNASSIGNED),
                s.read("address", ADDRESS, STAND_IN_ADDRESS), s.read("port", INT, 0),
                s.read("weight", INT, BackendConfig.DEFAULT_WEIGHT), s.read("max_connections", INT, 0),
                s.optional("mac", MAC), s.optional("next_hop", ADDRESS),
                s.read("state", enumOf(BackendConfig.AdminState.class), BackendConfig.AdminState.ENABLED));
    }

    // ---------------------------------------------------------------- scalar values

    /** Reads the text of a scalar; throws IllegalArgumentException("must be ...") when it cannot. */
    private record Parser<T>(String expected, Function<String, T> parse) {
    }

    private static final Parser<String> STRING = new Parser<>("a string", text -> text);
    private static final Parser<Integer> INT = new Parser<>("an integer", text -> Math.toIntExact(longValue(text)));
    private static final Parser<Long> LONG = new Parser<>("an integer", ConfigLoader::longValue);
    private static final Parser<Boolean> BOOLEAN = new Parser<>("true or false", text -> switch (text) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("must be true or false");
    });
    private static final Parser<Duration> DURATION = new Parser<>("a duration", Units::parseDuration);
    private static final Parser<Long> SIZE = new Parser<>("a size", Units::parseSize);
    private static final Parser<InetAddress> ADDRESS = new Parser<>("an address", Addresses::parse);
    private static final Parser<InetSocketAddress> SOCKET = new Parser<>("ADDRESS:PORT", Addresses::parseSocket);
    private static final Parser<Cidr> CIDR = new Parser<>("ADDRESS/PREFIX", Cidr::parse);
    private static final Parser<MacAddress> MAC = new Parser<>("a MAC address", MacAddress::parse);
    private static final Parser<Path> PATH = new Parser<>("a path", text -> {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("must be a path");
        }
    });

    private static <E extends Enum<E>> Parser<E> enumOf(Class<E> type) {
        return new Parser<>("one of " + Names.choices(type), text -> Names.parse(type, text));
    }

    private static long longValue(String text) {
        if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException("must be an integer");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be an integer of at most 18 digits");
        }
    }

    // ---------------------------------------------------------------- errors and positions

    private ConfigError at(Mark mark, String path, String message) {
        return new ConfigError(source, mark.getLine() + 1, mark.getColumn() + 1, path, message);
    }

    private void error(Node node, String path, String message) {
        errors.add(at(node.getStartMark(), path, message));
        broken.add(path);
    }

    /** Places the model's violations in the file, except those that depend on a value that could not be read. */
    private void place(List<ConfigRules.Violation> violations) {
        for (ConfigRules.Violation violation : violations) {
            if (violation.inputs().stream().noneMatch(this::isBroken)) {
                errors.add(at(markOf(violation.path()), violation.path(), violation.message()));
            }
        }
    }

    private boolean isBroken(String path) {
        for (String p = path; ; p = parent(p)) {
            if (broken.contains(p)) {
                return true;
            }
            if (p.isEmpty()) {
                return false;
            }
        }
    }

    /** The position of a path, or of the nearest enclosing one that the file writes. */
    private Mark markOf(String path) {
        for (String p = path; ; p = parent(p)) {
            Mark mark = marks.get(p);
            if (mark != null) {
                return mark;
            }
            if (p.isEmpty()) {
                return new Mark(source, 0, 0, 0, new int[0], 0);
            }
        }
    }

    private static String parent(String path) {
        int cut = path.endsWith("]") ? path.lastIndexOf('[') : path.lastIndexOf('.');
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String kind(Node node) {
        return switch (node) {
            case MappingNode ignored -> "a mapping";
            case SequenceNode ignored -> "a list";
            default -> "a value";
        };
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    // ---------------------------------------------------------------- one YAML mapping

    /**
     * A mapping of the file, its keys checked against the known ones on construction. An absent
     * or empty mapping reads as all defaults; one that is not a mapping at all is reported once
     * and its keys are not asked for again.
     */
    private final class Section {
        private final String path;
        private final Node node;
        private final boolean readable;
        private final Map<String, Node> values = new LinkedHashMap<>();

        Section(String path, Node node, List<String> known) {
            this.path = path;
            this.node = node;
            boolean mapping = node == null || isNull(node) || node instanceof MappingNode;
            this.readable = mapping;
            if (node != null) {
                marks.put(path, node.getStartMark());
            }
            if (!mapping) {
                error(node, path, "must be a mapping of " + String.join(", ", known) + ", got " + kind(node));
            } else if (node instanceof MappingNode map) {
                for (NodeTuple tuple : map.getValue()) {
                    take(tuple, known);
                }
            }
        }

        private void take(NodeTuple tuple, List<String> known) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                error(tuple.getKeyNode(), path, "keys must be plain names, got " + kind(tuple.getKeyNode()));
                return;
            }
            String key = keyNode.getValue();
            String keyPath = join(path, key);
            if (!known.contains(key)) {
                errors.add(at(keyNode.getStartMark(), keyPath, "unknown key" + Suggestions.closest(key, known)
                        .map(k -> ", did you mean \"" + k + "\"?")
                        .orElse(" (known keys: " + String.join(", ", known) + ")")));
            } else if (values.containsKey(key)) {
                errors.add(at(keyNode.getStartMark(), keyPath,
                        "duplicate key, first at line " + (marks.get(keyPath).getLine() + 1)));
            } else {
                values.put(key, tuple.getValueNode());
                marks.put(keyPath, tuple.getValueNode().getStartMark());
            }
        }

        void require(String... keys) {
            for (String key : keys) {
                if (!values.containsKey(key)) {
                    broken.add(join(path, key));
                    if (readable) {
                        errors.add(at(node == null ? markOf(path) : node.getStartMark(), path,
                                "missing required key \"" + key + "\""));
                    }
                }
            }
        }

        /** Reports keys that make no sense with the rest of the section. */
        void onlyFor(String condition, String... keys) {
            for (String key : keys) {
                Node value = values.get(key);
                if (value != null) {
                    error(value, join(path, key), "only for " + condition);
                }
            }
        }

        /** Whether the file writes the key, even with an empty value. */
        boolean has(String key) {
            return values.containsKey(key);
        }

        Section section(String key, String... known) {
            return new Section(join(path, key), values.get(key), List.of(known));
        }

        <T> T read(String key, Parser<T> parser, T fallback) {
            Node value = values.get(key);
            return value == null ? fallback : scalar(join(path, key), value, parser, fallback);
        }

        <T> Optional<T> optional(String key, Parser<T> parser) {
            Node value = values.get(key);
            return value == null ? Optional.empty() : Optional.ofNullable(scalar(join(path, key), value, parser, null));
        }

        /** A list of scalars; an unreadable element is replaced by a stand-in, so indices stay those of the file. */
        <T> List<T> scalars(String key, Parser<T> parser, List<T> fallback, T standIn) {
            return elements(key, fallback, (itemPath, item) -> scalar(itemPath, item, parser, standIn));
        }

        /** A list of mappings, each read by {@code reader}. */
        <T> List<T> list(String key, List<T> fallback, List<String> known, Function<Section, T> reader) {
            return elements(key, fallback, (itemPath, item) -> reader.apply(new Section(itemPath, item, known)));
        }

        private <T> List<T> elements(String key, List<T> fallback, ElementReader<T> reader) {
            Node value = values.get(key);
            String listPath = join(path, key);
            if (value == null) {
                return fallback;
            }
            if (isNull(value)) {
                return List.of();
            }
            if (!(value instanceof SequenceNode sequence)) {
                error(value, listPath, "must be a list, got " + kind(value));
                return List.of();
            }
            List<T> items = new ArrayList<>();
            IntFunction<String> itemPath = i -> listPath + "[" + i + "]";
            for (Node item : sequence.getValue()) {
                String p = itemPath.apply(items.size());
                marks.put(p, item.getStartMark());
                items.add(reader.read(p, item));
            }
            return items;
        }

        private <T> T scalar(String valuePath, Node value, Parser<T> parser, T standIn) {
            if (!(value instanceof ScalarNode scalar) || isNull(value)) {
                error(value, valuePath, "must be " + parser.expected() + ", got " + (isNull(value) ? "nothing" : kind(value)));
                return standIn;
            }
            try {
                return parser.parse().apply(scalar.getValue());
            } catch (IllegalArgumentException | ArithmeticException e) {
                String rule = e instanceof ArithmeticException ? "must be an integer within " + Integer.MIN_VALUE + ".."
                        + Integer.MAX_VALUE : e.getMessage();
                error(value, valuePath, rule + ", got \"" + scalar.getValue() + "\"");
                return standIn;
            }
        }
    }

    private interface ElementReader<T> {
        T read(String path, Node item);
    }
}
