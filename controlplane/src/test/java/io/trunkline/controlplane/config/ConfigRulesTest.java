package io.trunkline.controlplane.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per rule: a valid minimal file with one edit, and the exact errors it must produce,
 * {@code file:line:column: path: message}. The base file is valid on its own (first test).
 */
class ConfigRulesTest {
    /** Line numbers matter: each case's expected position counts lines in this text. */
    static final String BASE = """
            node: { id: 1, name: dispatcher-a }
            ports:
              - name: data0
                device: "net_af_xdp0,iface=veth-d1"
                addresses: [198.18.1.2/24, "2001:2::2/64"]
            vips:
              - { name: web, address: 198.19.0.1, port: 80, pool: web }
            pools:
              - name: web
                backends:
                  - { name: web1, address: 198.18.1.10, port: 80 }
            """;

    /**
     * One rule broken.
     *
     * @param rule        what the case shows
     * @param old         text of BASE to replace; empty to append {@code replacement} as new lines 12...
     * @param replacement the new text
     * @param expected    every error, in file order
     */
    record Case(String rule, String old, String replacement, List<String> expected) {
        String yaml() {
            if (old.isEmpty()) {
                return BASE + replacement + "\n";
            }
            assertTrue(BASE.contains(old), old);
            return BASE.replaceFirst(Pattern.quote(old), Matcher.quoteReplacement(replacement));
        }

        @Override
        public String toString() {
            return rule;
        }
    }

    private static Case replace(String rule, String old, String replacement, String... expected) {
        return new Case(rule, old, replacement, List.of(expected));
    }

    private static Case append(String rule, String lines, String... expected) {
        return new Case(rule, "", lines, List.of(expected));
    }

    @Test
    void baseIsValid() throws ConfigException {
        TrunklineConfig config = ConfigLoader.parse("cfg.yaml", BASE);
        assertEquals(1, config.vips().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheRuleAtItsPosition(Case c) {
        assertEquals(c.expected(), errors(c.yaml()));
    }

    /** What the rules allow on purpose: each variant of BASE loads. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepts(Case c) {
        assertEquals(List.of(), errors(c.yaml()));
    }

    static Stream<Case> accepted() {
        return Stream.of(
                replace("an IPv6 dsr VIP with IPv4 backends", "address: 198.19.0.1", "address: \"2001:9::1\""),
                replace("an off-link dsr backend with its MAC given", "address: 198.18.1.10, port: 80",
                        "address: 10.9.0.10, port: 80, mac: \"02:00:00:00:00:0a\""),
                replace("a nat backend on another port through a next hop", "port: 80, pool: web }\npools:\n  - name: web\n"
                                + "    backends:\n      - { name: web1, address: 198.18.1.10, port: 80 }",
                        "port: 80, mode: nat, pool: web }\npools:\n  - name: web\n    backends:\n"
                                + "      - { name: web1, address: 10.1.0.10, port: 8080, next_hop: 198.18.1.1 }"),
                replace("nat VIPs on two ports sharing a pool", "port: 80, pool: web }\npools:\n  - name: web\n"
                                + "    backends:\n      - { name: web1, address: 198.18.1.10, port: 80 }",
                        "port: 80, mode: nat, pool: web }\n  - { name: echo, address: 198.19.0.1, port: 7, mode: nat, pool: web }\n"
                                + "pools:\n  - name: web\n    backends:\n      - { name: web1, address: 198.18.1.10 }"),
                replace("a PCI address without domain", "\"net_af_xdp0,iface=veth-d1\"", "\"03:00.0\""),
                replace("a gateway per family and an exception path with its defaults", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n    gateways: [198.18.1.1, \"2001:2::1\"]\n    exception_path:\n"),
                append("metrics on the SSH port when SSH is off", "admin: { ssh: { enabled: false } }\nmetrics: { listen: \"0.0.0.0:2222\" }"),
                append("lab EAL settings", "dpdk: { memory: anonymous, memory_size: 512MiB, eal_args: [--log-level=8, --no-pci] }"),
                append("an empty section reads as its defaults", "replication:"),
                replace("no VIPs yet", "vips:\n  - { name: web, address: 198.19.0.1, port: 80, pool: web }\n", "vips: []\n"),
                replace("a drained backend", "port: 80 }", "port: 80, weight: 0 }"),
                append("a backing-off worker on the main lcore", "workers: { lcores: [0, 1], idle: backoff }"),
                append("bgp with only the required keys", "routing:\n  bgp: { local_as: 64512, neighbours: [ { address: 198.18.1.1, as: 64500 } ] }"),
                append("an IPv6 neighbour from an IPv6 source, a 4-byte AS",
                        "routing:\n  bgp: { local_as: 4200000000, neighbours: [ { address: \"2001:2::1\", as: 64500, source: \"2001:2::2\" } ] }"),
                append("BIRD from an absolute path", "routing: { bird: { binary: /usr/sbin/bird } }"));
    }

    static List<String> errors(String yaml) {
        try {
            ConfigLoader.parse("cfg.yaml", yaml);
            return List.of();
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // ---- the text: keys, types, syntax of values
                append("unknown key, close to a known one", "timeout: { udp: 30s }",
                        "cfg.yaml:12:1: timeout: unknown key, did you mean \"timeouts\"?"),
                append("unknown key, nothing close", "frobnicate: 1",
                        "cfg.yaml:12:1: frobnicate: unknown key (known keys: node, dpdk, ports, workers, session_table, "
                                + "flow_cache, timeouts, replication, admin, metrics, routing, vips, pools)"),
                replace("unknown key inside a list element", "port: 80, pool", "prot: 80, pool",
                        "cfg.yaml:7:5: vips[0]: missing required key \"port\"",
                        "cfg.yaml:7:39: vips[0].prot: unknown key, did you mean \"port\"?"),
                replace("duplicate key", "port: 80, pool", "port: 80, port: 81, pool",
                        "cfg.yaml:7:49: vips[0].port: duplicate key, first at line 7"),
                replace("missing required key", ", pool: web }", " }",
                        "cfg.yaml:7:5: vips[0]: missing required key \"pool\""),
                replace("a section that is not a mapping", "node: { id: 1, name: dispatcher-a }", "node: 1",
                        "cfg.yaml:1:7: node: must be a mapping of id, name, got a value"),
                replace("a list that is not a list", "vips:\n  - { name: web, address: 198.19.0.1, port: 80, pool: web }",
                        "vips: web",
                        "cfg.yaml:6:7: vips: must be a list, got a value"),
                replace("an integer that is not one", "port: 80, pool", "port: eighty, pool",
                        "cfg.yaml:7:45: vips[0].port: must be an integer, got \"eighty\""),
                replace("an integer too large", "port: 80, pool", "port: 99999999999, pool",
                        "cfg.yaml:7:45: vips[0].port: must be an integer within -2147483648..2147483647, got \"99999999999\""),
                replace("a value left empty", "port: 80, pool", "port: , pool",
                        "cfg.yaml:7:44: vips[0].port: must be an integer, got nothing"),
                replace("enum value", "port: 80, pool", "port: 80, protocol: sctp, pool",
                        "cfg.yaml:7:59: vips[0].protocol: must be one of tcp, udp, got \"sctp\""),
                append("duration syntax", "timeouts: { udp: 30 }",
                        "cfg.yaml:12:18: timeouts.udp: must be a duration like 2s, 100ms, 20us or 1m30s, got \"30\""),
                append("size syntax", "dpdk: { memory_size: 2GB }",
                        "cfg.yaml:12:22: dpdk.memory_size: must be a size like 512MiB or 2GiB (units B, KiB, MiB, GiB, TiB), got \"2GB\""),
                replace("CIDR syntax: no prefix", "198.18.1.2/24", "198.18.1.2",
                        "cfg.yaml:5:17: ports[0].addresses[0]: must be ADDRESS/PREFIX like 198.18.1.2/24 or 2001:db8::2/64, got \"198.18.1.2\""),
                replace("CIDR syntax: prefix too long", "198.18.1.2/24", "198.18.1.2/33",
                        "cfg.yaml:5:17: ports[0].addresses[0]: must have a prefix length within 0..32, got \"198.18.1.2/33\""),
                replace("address syntax", "address: 198.19.0.1", "address: 198.19.0",
                        "cfg.yaml:7:27: vips[0].address: must be an IPv4 or IPv6 address, got \"198.19.0\""),
                replace("a host name is not an address", "address: 198.19.0.1", "address: web.example.com",
                        "cfg.yaml:7:27: vips[0].address: must be an IPv4 or IPv6 address, got \"web.example.com\""),
                append("socket address syntax", "metrics: { listen: 127.0.0.1 }",
                        "cfg.yaml:12:20: metrics.listen: must be ADDRESS:PORT (IPv6 as [ADDRESS]:PORT), got \"127.0.0.1\""),
                append("IPv6 socket address needs brackets", "metrics: { listen: \"::1:9100\" }",
                        "cfg.yaml:12:20: metrics.listen: must be ADDRESS:PORT (IPv6 as [ADDRESS]:PORT), got \"::1:9100\""),
                append("boolean syntax", "admin: { ssh: { enabled: yes } }",
                        "cfg.yaml:12:26: admin.ssh.enabled: must be true or false, got \"yes\""),
                replace("MAC syntax", "port: 80 }", "port: 80, mac: 02:00:00:00:01 }",
                        "cfg.yaml:11:60: pools[0].backends[0].mac: must be a MAC address like 02:00:00:00:00:01, got \"02:00:00:00:01\""),
                replace("HTTP-only keys on a TCP check", "  - name: web\n", "  - name: web\n    health: { type: tcp, path: /health }\n",
                        "cfg.yaml:10:32: pools[0].health.path: only for type http"),
                // ---- node, dpdk
                replace("node id range", "id: 1,", "id: 70000,",
                        "cfg.yaml:1:13: node.id: must be 1..65535, got 70000"),
                replace("name syntax", "name: dispatcher-a", "name: \"dispatcher a\"",
                        "cfg.yaml:1:22: node.name: must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit, got \"dispatcher a\""),
                append("EAL argument the daemon sets", "dpdk: { eal_args: [--log-level=8, --file-prefix=x] }",
                        "cfg.yaml:12:35: dpdk.eal_args[1]: --file-prefix is not allowed here: the daemon sets it"),
                append("EAL lcore argument", "dpdk: { eal_args: [-l, \"0-3\"] }",
                        "cfg.yaml:12:20: dpdk.eal_args[0]: -l is not allowed here: use dpdk.main_lcore and workers.lcores"),
                append("memory size in whole MiB", "dpdk: { memory_size: 1000KiB }",
                        "cfg.yaml:12:22: dpdk.memory_size: must be a whole number of MiB, got 1000KiB"),
                append("main lcore range", "dpdk: { main_lcore: 2000 }",
                        "cfg.yaml:12:21: dpdk.main_lcore: must be 0..1023, got 2000"),
                // ---- ports
                replace("at least one port", "ports:\n  - name: data0\n    device: \"net_af_xdp0,iface=veth-d1\"\n"
                        + "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n", "ports: []\n",
                        "cfg.yaml:2:8: ports: at least one port is needed"),
                replace("device syntax", "\"net_af_xdp0,iface=veth-d1\"", "eth0",
                        "cfg.yaml:4:13: ports[0].device: must be a PCI address like 0000:03:00.0 or a DPDK virtual device like net_af_xdp0,iface=eth1, got \"eth0\""),
                replace("PCI device is accepted, duplicate device is not",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n  - { name: data1, device: \"0000:03:00.0\", addresses: [198.18.5.2/24] }\n"
                                + "  - { name: data2, device: \"0000:03:00.0\", addresses: [198.18.6.2/24] }\n",
                        "cfg.yaml:7:28: ports[2].device: duplicate device \"0000:03:00.0\", first used by ports[1].device"),
                replace("duplicate port name", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n  - { name: data0, device: net_null0, addresses: [198.18.5.2/24] }\n",
                        "cfg.yaml:6:13: ports[1].name: duplicate name \"data0\", first used by ports[0].name"),
                replace("own address on two ports", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n  - { name: data1, device: net_null0, addresses: [198.18.1.2/16] }\n",
                        "cfg.yaml:6:51: ports[1].addresses[0]: address 198.18.1.2 already used by ports[0].addresses[0]"),
                replace("a port needs an address", "addresses: [198.18.1.2/24, \"2001:2::2/64\"]", "addresses: []",
                        "cfg.yaml:5:16: ports[0].addresses: at least one address is needed (the router's next hop for the VIPs)"),
                replace("mtu range", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n    mtu: 65000\n",
                        "cfg.yaml:6:10: ports[0].mtu: must be 68..9216, got 65000"),
                replace("IPv6 needs mtu 1280", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n    mtu: 1000\n",
                        "cfg.yaml:6:10: ports[0].mtu: must be at least 1280 on a port with an IPv6 address, got 1000"),
                replace("gateway off the port's networks", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n    gateways: [198.18.9.1]\n",
                        "cfg.yaml:6:16: ports[0].gateways[0]: gateway 198.18.9.1 is on none of the port's networks"),
                replace("gateway is an own address", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n    gateways: [198.18.1.2]\n",
                        "cfg.yaml:6:16: ports[0].gateways[0]: gateway 198.18.1.2 is one of the port's own addresses"),
                replace("two IPv4 gateways", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n    gateways: [198.18.1.1, 198.18.1.3]\n",
                        "cfg.yaml:6:28: ports[0].gateways[1]: at most one gateway per family, got a second IPv4 one"),
                replace("kernel interface name too long", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n    exception_path: { interface: tl-data0-kernel-1 }\n",
                        "cfg.yaml:6:34: ports[0].exception_path.interface: must be a kernel interface name of 1 to 15 letters, "
                                + "digits, '.', '_' or '-', got \"tl-data0-kernel-1\""),
                replace("exception path rate", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n    exception_path: { rate: 0 }\n",
                        "cfg.yaml:6:29: ports[0].exception_path.rate: must be 1..10000000, got 0"),
                replace("one kernel interface for two ports", "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n",
                        "    addresses: [198.18.1.2/24, \"2001:2::2/64\"]\n    exception_path: { interface: kern0 }\n"
                                + "  - { name: data1, device: net_null0, addresses: [198.18.5.2/24], exception_path: { interface: kern0 } }\n",
                        "cfg.yaml:7:96: ports[1].exception_path.interface: duplicate kernel interface \"kern0\", first used by "
                                + "ports[0].exception_path.interface"),
                // ---- workers
                append("at least one worker", "workers: { lcores: [] }",
                        "cfg.yaml:12:20: workers.lcores: at least one worker lcore is needed"),
                append("lcore range", "workers: { lcores: [1, 5000] }",
                        "cfg.yaml:12:24: workers.lcores[1]: must be 0..1023, got 5000"),
                append("lcores distinct", "workers: { lcores: [1, 2, 1] }",
                        "cfg.yaml:12:27: workers.lcores[2]: duplicate lcore 1, first used by workers.lcores[0]"),
                append("main lcore is not a worker", "dpdk: { main_lcore: 2 }\nworkers: { lcores: [1, 2] }",
                        "cfg.yaml:13:24: workers.lcores[1]: lcore 2 is the EAL main lcore (dpdk.main_lcore): a busy-spin worker cannot share it (idle: backoff can)"),
                // ---- session table, flow cache, timeouts
                append("session table path absolute", "session_table: { path: sessions }",
                        "cfg.yaml:12:24: session_table.path: must be an absolute path, got sessions"),
                append("session table capacity", "session_table: { capacity: 0 }",
                        "cfg.yaml:12:28: session_table.capacity: must be 1..2147483647, got 0"),
                append("flow cache a power of two", "flow_cache: { entries_per_worker: 100000 }",
                        "cfg.yaml:12:35: flow_cache.entries_per_worker: must be a power of two within 1024..67108864, got 100000"),
                append("timeouts longer than 0", "timeouts: { tcp_syn: 0s }",
                        "cfg.yaml:12:22: timeouts.tcp_syn: must be longer than 0"),
                // ---- replication
                append("fallback only with rdma", "replication: { transport: udp, fallback: udp }",
                        "cfg.yaml:12:42: replication.fallback: a fallback is only for transport: rdma"),
                append("batch delay at most 10ms", "replication: { batch_delay: 50ms }",
                        "cfg.yaml:12:29: replication.batch_delay: must be at most 10ms, got 50ms"),
                append("appliers at most 16", "replication: { appliers: 17 }",
                        "cfg.yaml:12:26: replication.appliers: must be 0..16, got 17"),
                append("mtu at least the IPv6 minimum", "replication: { mtu: 1000 }",
                        "cfg.yaml:12:21: replication.mtu: must be 1280..65535, got 1000"),
                append("mtu at most an IP datagram", "replication: { mtu: 65536 }",
                        "cfg.yaml:12:21: replication.mtu: must be 1280..65535, got 65536"),
                append("heartbeat miss limit at least 1", "replication: { heartbeat: { miss_limit: 0 } }",
                        "cfg.yaml:12:41: replication.heartbeat.miss_limit: must be 1..1000, got 0"),
                append("peers need a cluster key and a listen address", "replication:\n  peers: [ { id: 2, address: 198.18.2.2:7400 } ]",
                        "cfg.yaml:13:3: replication.listen: required when peers are configured",
                        "cfg.yaml:13:3: replication.cluster_key_file: required when peers are configured"),
                append("peer id is not the node id", "replication:\n  listen: 198.18.2.1:7400\n  cluster_key_file: /etc/trunkline/cluster.key\n"
                                + "  peers: [ { id: 1, address: 198.18.2.2:7400 } ]",
                        "cfg.yaml:15:18: replication.peers[0].id: peer id 1 is this dispatcher's own node.id"),
                append("peer ids unique", "replication:\n  listen: 198.18.2.1:7400\n  cluster_key_file: /etc/trunkline/cluster.key\n"
                                + "  peers: [ { id: 2, address: 198.18.2.2:7400 }, { id: 2, address: 198.18.2.3:7400 } ]",
                        "cfg.yaml:15:55: replication.peers[1].id: duplicate id 2, first used by replication.peers[0].id"),
                append("peer in the listen address family", "replication:\n  listen: 198.18.2.1:7400\n  cluster_key_file: /etc/trunkline/cluster.key\n"
                                + "  peers: [ { id: 2, address: \"[2001:2::3]:7400\" } ]",
                        "cfg.yaml:15:30: replication.peers[0].address: IPv6 peer but replication.listen is IPv4"),
                append("heartbeat interval longer than 0", "replication: { heartbeat: { interval: 0s } }",
                        "cfg.yaml:12:39: replication.heartbeat.interval: must be longer than 0"),
                append("cluster key file absolute", "replication: { cluster_key_file: cluster.key }",
                        "cfg.yaml:12:34: replication.cluster_key_file: must be an absolute path, got cluster.key"),
                append("peer id range", "replication:\n  listen: 198.18.2.1:7400\n  cluster_key_file: /etc/trunkline/cluster.key\n"
                                + "  peers: [ { id: 0, address: 198.18.2.2:7400 } ]",
                        "cfg.yaml:15:18: replication.peers[0].id: must be 1..65535, got 0"),
                append("peer addresses unique", "replication:\n  listen: 198.18.2.1:7400\n  cluster_key_file: /etc/trunkline/cluster.key\n"
                                + "  peers: [ { id: 2, address: 198.18.2.2:7400 }, { id: 3, address: 198.18.2.2:7400 } ]",
                        "cfg.yaml:15:67: replication.peers[1].address: duplicate address 198.18.2.2:7400, "
                                + "first used by replication.peers[0].address"),
                // ---- admin, metrics
                append("admin socket absolute", "admin: { socket: admin.sock }",
                        "cfg.yaml:12:18: admin.socket: must be an absolute path, got admin.sock"),
                append("metrics port not the ssh port", "metrics: { listen: \"127.0.0.1:2222\" }",
                        "cfg.yaml:12:20: metrics.listen: port 2222 is already taken by admin.ssh.listen"),
                // ---- routing
                append("bgp needs an AS and neighbours", "routing:\n  bgp: { announce: true }",
                        "cfg.yaml:13:8: routing.bgp: missing required key \"local_as\"",
                        "cfg.yaml:13:8: routing.bgp: missing required key \"neighbours\""),
                append("AS range", "routing:\n  bgp: { local_as: 0, neighbours: [ { address: 198.18.1.1, as: 4294967295 } ] }",
                        "cfg.yaml:13:20: routing.bgp.local_as: must be 1..4294967294, got 0",
                        "cfg.yaml:13:64: routing.bgp.neighbours[0].as: must be 1..4294967294, got 4294967295"),
                append("at least one neighbour", "routing:\n  bgp: { local_as: 64512, neighbours: [] }",
                        "cfg.yaml:13:39: routing.bgp.neighbours: at least one neighbour is needed (the router the VIPs are announced to)"),
                append("router id is IPv4", "routing:\n  bgp: { local_as: 64512, router_id: \"2001:2::2\", neighbours: [ { address: 198.18.1.1, as: 64500 } ] }",
                        "cfg.yaml:13:38: routing.bgp.router_id: must be an IPv4 address other than 0.0.0.0 (a BGP router id is 32 bits), got 2001:2::2"),
                replace("router id needed without an IPv4 port address",
                        "addresses: [198.18.1.2/24, \"2001:2::2/64\"]\nvips:\n  - { name: web, address: 198.19.0.1, port: 80, pool: web }\n"
                                + "pools:\n  - name: web\n    backends:\n      - { name: web1, address: 198.18.1.10, port: 80 }",
                        "addresses: [\"2001:2::2/64\"]\nrouting:\n  bgp: { local_as: 64512, neighbours: [ { address: \"2001:2::1\", as: 64500 } ] }\n"
                                + "vips: []\npools: []",
                        "cfg.yaml:7:8: routing.bgp: router_id is required when no port has an IPv4 address to take it from"),
                append("hold time whole seconds", "routing:\n  bgp: { local_as: 64512, hold_time: 1500ms, neighbours: [ { address: 198.18.1.1, as: 64500 } ] }",
                        "cfg.yaml:13:38: routing.bgp.hold_time: must be whole seconds within 3s..65535s, got 1500ms"),
                append("keepalive shorter than the hold time", "routing:\n  bgp: { local_as: 64512, hold_time: 3s, keepalive: 3s, neighbours: [ { address: 198.18.1.1, as: 64500 } ] }",
                        "cfg.yaml:13:53: routing.bgp.keepalive: must be shorter than the hold time (3s), got 3s"),
                append("neighbour on-link", "routing:\n  bgp: { local_as: 64512, neighbours: [ { address: 198.18.9.1, as: 64500 } ] }",
                        "cfg.yaml:13:52: routing.bgp.neighbours[0].address: neighbour 198.18.9.1 is on none of the ports' networks: "
                                + "BGP runs single hop to a directly connected router"),
                append("neighbour is not the dispatcher", "routing:\n  bgp: { local_as: 64512, neighbours: [ { address: 198.18.1.2, as: 64500 } ] }",
                        "cfg.yaml:13:52: routing.bgp.neighbours[0].address: is the dispatcher's own address ports[0].addresses[0], a neighbour is a router"),
                append("neighbours unique", "routing:\n  bgp: { local_as: 64512, neighbours: [ { address: 198.18.1.1, as: 64500 }, { address: 198.18.1.1, as: 64501 } ] }",
                        "cfg.yaml:13:88: routing.bgp.neighbours[1].address: duplicate address 198.18.1.1, first used by routing.bgp.neighbours[0].address"),
                append("password file absolute", "routing:\n  bgp: { local_as: 64512, neighbours: [ { address: 198.18.1.1, as: 64500, password_file: bgp.key } ] }",
                        "cfg.yaml:13:90: routing.bgp.neighbours[0].password_file: must be an absolute path, got bgp.key"),
                append("source is an own address", "routing:\n  bgp: { local_as: 64512, neighbours: [ { address: 198.18.1.1, as: 64500, source: 198.18.1.3 } ] }",
                        "cfg.yaml:13:83: routing.bgp.neighbours[0].source: must be one of the dispatcher's own port addresses, got 198.18.1.3"),
                append("source of the neighbour's family", "routing:\n  bgp: { local_as: 64512, neighbours: [ { address: 198.18.1.1, as: 64500, source: \"2001:2::2\" } ] }",
                        "cfg.yaml:13:83: routing.bgp.neighbours[0].source: IPv6 source for the IPv4 neighbour 198.18.1.1"),
                append("bfd interval range", "routing: { bfd: { tx_interval: 20s, rx_interval: 1500ns, multiplier: 0 } }",
                        "cfg.yaml:12:32: routing.bfd.tx_interval: must be whole microseconds within 1ms..10s (BFD carries microseconds), got 20s",
                        "cfg.yaml:12:50: routing.bfd.rx_interval: must be whole microseconds within 1ms..10s (BFD carries microseconds), got 1500ns",
                        "cfg.yaml:12:70: routing.bfd.multiplier: must be 1..255, got 0"),
                append("bird binary a name or absolute", "routing: { bird: { binary: sbin/bird } }",
                        "cfg.yaml:12:28: routing.bird.binary: must be a command name (looked up on PATH) or an absolute path, got sbin/bird"),
                append("bird paths absolute and distinct", "routing: { bird: { socket: bird.ctl, pid_file: /run/trunkline/bird.conf } }",
                        "cfg.yaml:12:28: routing.bird.socket: must be an absolute path, got bird.ctl",
                        "cfg.yaml:12:48: routing.bird.pid_file: duplicate path /run/trunkline/bird.conf, first used by routing.bird.config"),
                // ---- vips
                replace("vip port range", "port: 80, pool", "port: 70000, pool",
                        "cfg.yaml:7:45: vips[0].port: must be 1..65535, got 70000"),
                replace("vip address unicast", "address: 198.19.0.1", "address: 224.0.0.1",
                        "cfg.yaml:7:27: vips[0].address: must be a unicast address, got 224.0.0.1"),
                replace("vip address is not the dispatcher's own", "address: 198.19.0.1", "address: 198.18.1.2",
                        "cfg.yaml:7:27: vips[0].address: is the dispatcher's own address ports[0].addresses[0], a VIP needs its own address"),
                replace("vip family needs a port address of that family",
                        "addresses: [198.18.1.2/24, \"2001:2::2/64\"]\nvips:\n  - { name: web, address: 198.19.0.1,",
                        "addresses: [198.18.1.2/24]\nvips:\n  - { name: web, address: \"2001:9::1\",",
                        "cfg.yaml:7:27: vips[0].address: IPv6 VIP but no port has an IPv6 address"),
                replace("vip pool exists", "port: 80, pool: web", "port: 80, pool: webb",
                        "cfg.yaml:7:55: vips[0].pool: no pool named \"webb\""),
                replace("vip names unique", "  - { name: web, address: 198.19.0.1, port: 80, pool: web }\n",
                        "  - { name: web, address: 198.19.0.1, port: 80, pool: web }\n  - { name: web, address: 198.19.0.2, port: 80, pool: web }\n",
                        "cfg.yaml:8:13: vips[1].name: duplicate name \"web\", first used by vips[0].name"),
                replace("vip endpoints unique", "  - { name: web, address: 198.19.0.1, port: 80, pool: web }\n",
                        "  - { name: web, address: 198.19.0.1, port: 80, pool: web }\n  - { name: web2, address: 198.19.0.1, port: 80, pool: web }\n",
                        "cfg.yaml:8:28: vips[1].address: duplicate address, port and protocol \"198.19.0.1:80/tcp\", first used by vips[0].address"),
                // ---- pools and health checks
                append("pool names unique", "  - name: web",
                        "cfg.yaml:12:11: pools[1].name: duplicate name \"web\", first used by pools[0].name"),
                replace("health rise and fall at least 1", "  - name: web\n", "  - name: web\n    health: { rise: 0, fall: 0 }\n",
                        "cfg.yaml:10:21: pools[0].health.rise: must be 1..100, got 0",
                        "cfg.yaml:10:30: pools[0].health.fall: must be 1..100, got 0"),
                replace("health timeout shorter than the interval", "  - name: web\n", "  - name: web\n    health: { interval: 1s, timeout: 1s }\n",
                        "cfg.yaml:10:38: pools[0].health.timeout: must be shorter than the interval (1s), got 1s"),
                replace("http expect is a status", "  - name: web\n", "  - name: web\n    health: { type: http, expect: 700 }\n",
                        "cfg.yaml:10:35: pools[0].health.expect: must be 100..599, got 700"),
                replace("http path starts with /", "  - name: web\n", "  - name: web\n    health: { type: http, path: health }\n",
                        "cfg.yaml:10:33: pools[0].health.path: must start with /, got \"health\""),
                replace("health interval longer than 0", "  - name: web\n", "  - name: web\n    health: { interval: 0s, timeout: 1s }\n",
                        "cfg.yaml:10:25: pools[0].health.interval: must be longer than 0"),
                // ---- backends
                replace("weight range", "port: 80 }", "port: 80, weight: 70000 }",
                        "cfg.yaml:11:63: pools[0].backends[0].weight: must be 0..65535, got 70000"),
                replace("max connections not negative", "port: 80 }", "port: 80, max_connections: -1 }",
                        "cfg.yaml:11:72: pools[0].backends[0].max_connections: must be 0..2147483647, got -1"),
                replace("backend id in range", "name: web1, address", "name: web1, id: 5000, address",
                        "cfg.yaml:11:27: pools[0].backends[0].id: must be 1..4095, got 5000"),
                replace("backend ids unique over pools", "port: 80 }", "port: 80, id: 7 }\n      - { name: web2, id: 7, address: 198.18.1.11 }",
                        "cfg.yaml:12:27: pools[0].backends[1].id: duplicate backend id 7, first used by pools[0].backends[0].id"),
                replace("backend is not the dispatcher", "address: 198.18.1.10", "address: 198.18.1.2",
                        "cfg.yaml:11:32: pools[0].backends[0].address: is the dispatcher's own address ports[0].addresses[0]"),
                replace("backend is not a vip", "address: 198.18.1.10", "address: 198.19.0.1",
                        "cfg.yaml:11:32: pools[0].backends[0].address: is the address of vips[0]"),
                replace("mac or next hop, not both", "port: 80 }", "port: 80, mac: \"02:00:00:00:00:01\", next_hop: 198.18.1.1 }",
                        "cfg.yaml:11:91: pools[0].backends[0].next_hop: give mac or next_hop, not both"),
                replace("next hop on-link", "port: 80, pool: web }\npools:\n  - name: web\n    backends:\n"
                                + "      - { name: web1, address: 198.18.1.10, port: 80 }",
                        "port: 80, mode: nat, pool: web }\npools:\n  - name: web\n    backends:\n"
                                + "      - { name: web1, address: 10.1.0.10, port: 80, next_hop: 10.0.0.1 }",
                        "cfg.yaml:11:63: pools[0].backends[0].next_hop: next hop 10.0.0.1 is on none of the ports' networks"),
                replace("dsr keeps the port", "port: 80 }", "port: 8080 }",
                        "cfg.yaml:11:51: pools[0].backends[0].port: must be 80 (the port of vips[0]) or left out: dsr does not rewrite ports, got 8080"),
                replace("nat keeps the family", "address: 198.19.0.1, port: 80, pool", "address: \"2001:9::1\", port: 80, mode: nat, pool",
                        "cfg.yaml:11:32: pools[0].backends[0].address: IPv4 backend for the IPv6 nat VIP vips[0]: nat does not translate between address families"),
                replace("nat VIPs sharing a backend's reply source", "port: 80, pool: web }\npools:\n  - name: web\n    backends:\n"
                                + "      - { name: web1, address: 198.18.1.10, port: 80 }",
                        "port: 80, mode: nat, pool: web }\n  - { name: web2, address: 198.19.0.2, port: 80, mode: nat, pool: web }\n"
                                + "pools:\n  - name: web\n    backends:\n      - { name: web1, address: 198.18.1.10 }",
                        "cfg.yaml:12:9: pools[0].backends[0].port: nat VIPs vips[0] and vips[1] would both get replies from "
                                + "tcp 198.18.1.10 port 80: give them different ports or different backends"),
                replace("dsr backend on-link", "address: 198.18.1.10", "address: 198.18.7.10",
                        "cfg.yaml:11:32: pools[0].backends[0].address: dsr needs the backend on-link: 198.18.7.10 is on none of the ports' networks (or give its mac)"),
                replace("backend names unique in a pool", "      - { name: web1, address: 198.18.1.10, port: 80 }\n",
                        "      - { name: web1, address: 198.18.1.10, port: 80 }\n      - { name: web1, address: 198.18.1.11 }\n",
                        "cfg.yaml:12:17: pools[0].backends[1].name: duplicate name \"web1\", first used by pools[0].backends[0].name"),
                replace("backend endpoints unique in a pool", "      - { name: web1, address: 198.18.1.10, port: 80 }\n",
                        "      - { name: web1, address: 198.18.1.10, port: 80 }\n      - { name: web2, address: 198.18.1.10, port: 80 }\n",
                        "cfg.yaml:12:32: pools[0].backends[1].address: duplicate address and port \"198.18.1.10:80\", first used by pools[0].backends[0].address"),
                replace("backend port range", "port: 80 }", "port: 70000 }",
                        "cfg.yaml:11:51: pools[0].backends[0].port: must be 0..65535, got 70000"),
                replace("dsr refuses a next hop", "port: 80 }", "port: 80, next_hop: 198.18.1.1 }",
                        "cfg.yaml:11:65: pools[0].backends[0].next_hop: dsr needs the backend on-link; "
                                + "a next hop would route the packet back by its VIP destination"));
    }
}
