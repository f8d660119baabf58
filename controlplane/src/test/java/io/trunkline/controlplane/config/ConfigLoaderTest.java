package io.trunkline.controlplane.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @Test
    void fullConfigLoadsEveryKeyTyped() throws Exception {
        TrunklineConfig config = ConfigLoader.parse("full.yaml", Configs.FULL);

        assertEquals(new NodeConfig(1, "dispatcher-a"), config.node());
        assertEquals(new DpdkConfig(0, List.of("--log-level=lib.eal:notice"), DpdkConfig.Memory.HUGEPAGES, 2L << 30),
                config.dpdk());
        assertEquals(new PortConfig("data0", "net_af_xdp0,iface=veth-d1",
                List.of(new Cidr(ip("198.18.1.2"), 24), new Cidr(ip("2001:2::2"), 64)), 1500, List.of(ip("198.18.1.1")),
                Optional.of(new ExceptionPathConfig("tl-data0", 20_000, 500))), config.ports().get(0));
        assertEquals(new WorkersConfig(List.of(1, 2), WorkersConfig.Idle.BUSY_SPIN), config.workers());
        assertEquals(new SessionTableConfig(Optional.of(Path.of("/dev/shm/trunkline-dispatcher-a-sessions")), 10_000_000L),
                config.sessionTable());
        assertEquals(TimeoutsConfig.DEFAULT, config.timeouts());
        assertEquals(new ReplicationConfig(ReplicationConfig.Transport.RDMA, ReplicationConfig.Fallback.UDP,
                Optional.of(socket("198.18.2.1", 7400)),
                List.of(new PeerConfig(2, socket("198.18.2.2", 7400)), new PeerConfig(3, socket("198.18.2.3", 7400))),
                Optional.of(Path.of("/etc/trunkline/cluster.key")), Duration.ofNanos(20_000),
                new HeartbeatConfig(Duration.ofMillis(100), 5), new RdmaConfig(Optional.of("mlx5_0"), 1, 3), 2, 9216), config.replication());
        assertEquals(AdminConfig.DEFAULT, config.admin());
        assertEquals(MetricsConfig.DEFAULT, config.metrics());
        assertEquals(new RoutingConfig(Optional.of(new BgpConfig(64512, Optional.of(ip("198.18.1.2")), true,
                Duration.ofSeconds(9), Duration.ofSeconds(3), List.of(
                        new BgpNeighbourConfig(ip("198.18.1.1"), 64500, Optional.of(Path.of("/etc/trunkline/bgp-router-a.password")),
                                Optional.of(ip("198.18.1.2"))),
                        new BgpNeighbourConfig(ip("198.18.3.1"), 64500, Optional.empty(), Optional.empty())))),
                BfdConfig.DEFAULT, BirdConfig.DEFAULT), config.routing());
        assertEquals(new VipConfig("web6", ip("2001:9::1"), 443, VipConfig.Protocol.TCP, VipConfig.Mode.IPIP,
                VipConfig.Policy.WLC, "web"), config.vip("web6").orElseThrow());
        assertEquals(new HealthCheckConfig(HealthCheckConfig.Type.HTTP, "/health", 200, Duration.ofSeconds(2),
                Duration.ofSeconds(1), 2, 3), config.pool("web").orElseThrow().health());
        assertEquals(new BackendConfig("web2", 2, ip("198.18.3.11"), 0, 0, 0, Optional.of(new MacAddress(0x02000000030bL)),
                Optional.empty(), BackendConfig.AdminState.DRAIN), config.pool("web").orElseThrow().backend("web2").orElseThrow());
        assertEquals(new BackendConfig("dns1", 3, ip("10.20.0.53"), 5353, 50, 10000, Optional.empty(),
                Optional.of(ip("198.18.3.1")), BackendConfig.AdminState.ENABLED), config.pool("dns").orElseThrow().backends().get(0));
        assertEquals(3, config.backendCount());
    }

    @Test
    void minimalConfigTakesTheDefaults() throws Exception {
        TrunklineConfig config = ConfigLoader.parse("minimal.yaml", Configs.MINIMAL);

        assertEquals(DpdkConfig.DEFAULT, config.dpdk());
        assertEquals(1500, config.ports().get(0).mtu());
        assertEquals(WorkersConfig.DEFAULT, config.workers());
        assertEquals(SessionTableConfig.DEFAULT, config.sessionTable());
        assertEquals(Path.of("/dev/shm/trunkline-" + config.node().name() + "-sessions"), config.sessionTable().file(config.node()),
                "tmpfs, which the session table accepts (hugetlbfs it refuses), named after the node");
        assertEquals(FlowCacheConfig.DEFAULT, config.flowCache());
        assertEquals(ReplicationConfig.DEFAULT, config.replication());
        assertEquals(RoutingConfig.DEFAULT, config.routing());
        assertEquals(new VipConfig("web", ip("198.19.0.1"), 80, VipConfig.Protocol.TCP, VipConfig.Mode.DSR,
                VipConfig.Policy.MAGLEV, "web"), config.vips().get(0));
        PoolConfig pool = config.pools().get(0);
        assertEquals(HealthCheckConfig.DEFAULT, pool.health());
        assertEquals(PoolConfig.BackendDownPolicy.KEEP, pool.onBackendDown());
        assertEquals(new BackendConfig("web1", 1, ip("198.18.1.10"), 0, 100, 0, Optional.empty(), Optional.empty(),
                BackendConfig.AdminState.ENABLED),
                pool.backends().get(0));
    }

    @Test
    void healthTimeoutDefaultsToHalfTheInterval() throws Exception {
        TrunklineConfig config = ConfigLoader.parse("cfg.yaml", Configs.MINIMAL.replace("  - name: web\n",
                "  - name: web\n    health: { interval: 500ms }\n"));

        assertEquals(Duration.ofMillis(250), config.pools().get(0).health().timeout());
    }

    @Test
    void syntaxErrorIsReportedAtItsPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("cfg.yaml", """
                node: { id: 1, name: a }
                ports:
                  - name: data0
                   device: net_null0
                """));

        assertEquals(List.of("cfg.yaml:4:4: invalid YAML: expected <block end>, but found '<block mapping start>'"), lines(e));
    }

    @Test
    void unclosedFlowMappingIsReportedWhereTheParserGivesUp() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("cfg.yaml", "node: { id: 1, name: a\nports: []\n"));

        assertEquals(1, e.errors().size());
        assertEquals("cfg.yaml:2:6: invalid YAML: expected ',' or '}', but got :", lines(e).get(0));
    }

    @Test
    void twoDocumentsAreRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("cfg.yaml", Configs.MINIMAL + "---\n" + Configs.MINIMAL));

        assertEquals(List.of("cfg.yaml:10:1: invalid YAML: expected a single document in the stream, but found another document"), lines(e));
    }

    @Test
    void emptyFileSaysWhatIsNeeded() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("cfg.yaml", "# nothing yet\n"));

        assertEquals(List.of("cfg.yaml:1:1: the file is empty: it needs at least node, ports, vips and pools"), lines(e));
    }

    @Test
    void everyErrorIsReportedInFileOrder() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("cfg.yaml", """
                node: { id: 0, name: a }
                ports:
                  - { name: data0, device: net_null0, addresses: [198.18.1.2/24], mtuu: 1500 }
                vips:
                  - { name: web, address: 198.19.0.1, port: 70000, pool: nope }
                pools:
                  - name: web
                    health: { rise: 0 }
                    backends:
                      - { name: web1, address: 198.18.1.10, weight: 65536 }
                """));

        assertEquals(List.of(
                "cfg.yaml:1:13: node.id: must be 1..65535, got 0",
                "cfg.yaml:3:67: ports[0].mtuu: unknown key, did you mean \"mtu\"?",
                "cfg.yaml:5:45: vips[0].port: must be 1..65535, got 70000",
                "cfg.yaml:5:58: vips[0].pool: no pool named \"nope\"",
                "cfg.yaml:8:21: pools[0].health.rise: must be 1..100, got 0",
                "cfg.yaml:10:53: pools[0].backends[0].weight: must be 0..65535, got 65536"), lines(e));
    }

    @Test
    void aValueThatCannotBeReadHidesTheRulesThatDependOnIt() {
        // The pool name is unreadable: "vips[0].pool: no pool named ..." would blame the stand-in, not the file.
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("cfg.yaml",
                Configs.MINIMAL.replace("  - name: web\n", "  - name: [web]\n")));

        assertEquals(List.of("cfg.yaml:7:11: pools[0].name: must be a string, got a list"), lines(e));
    }

    @Test
    void ruleBrokenByADefaultIsReportedAtTheEnclosingKey() {
        // workers: absent, so lcore 1 is the default; making it the main lcore breaks a rule no line wrote.
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("cfg.yaml",
                "dpdk: { main_lcore: 1 }\n" + Configs.MINIMAL));

        assertEquals(List.of("cfg.yaml:1:1: workers.lcores[0]: lcore 1 is the EAL main lcore (dpdk.main_lcore): "
                + "a busy-spin worker cannot share it (idle: backoff can)"), lines(e));
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
        assertEquals(List.of(missing + ": cannot read: no such file"), lines(e));

        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(binary));
        assertEquals(List.of(binary + ": cannot read: not UTF-8 text"), lines(e));
    }

    @Test
    void loadsFromAFileWithItsNameInErrors(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("trunkline.yaml"), Configs.MINIMAL.replace("port: 80", "port: 0"));

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

        assertEquals(List.of(file + ":5:45: vips[0].port: must be 1..65535, got 0"), lines(e));
    }

    private static List<String> lines(ConfigException e) {
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    static InetAddress ip(String literal) {
        return Addresses.parse(literal);
    }

    static InetSocketAddress socket(String literal, int port) {
        return new InetSocketAddress(ip(literal), port);
    }
}
