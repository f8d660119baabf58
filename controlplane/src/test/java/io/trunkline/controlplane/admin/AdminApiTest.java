package io.trunkline.controlplane.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.ConfigLoader;
import io.trunkline.controlplane.config.TrunklineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command of the admin API, over a real Unix socket, against a dispatcher whose configuration changes for real. */
class AdminApiTest {
    @TempDir
    Path dir;

    private ConfigOnlyDispatcher dispatcher;
    private AdminServer server;
    private AdminClient client;
    private final AtomicLong clock = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        dispatcher = ConfigOnlyDispatcher.start(dir);
        server = new AdminServer(dispatcher, dir.resolve("run/admin.sock"), () -> clock.addAndGet(1_000_000_000L));
        server.start();
        client = new AdminClient(server.socket());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private String error(String command, Map<String, ?> args) {
        return assertThrows(AdminException.class, () -> client.call(command, args)).getMessage();
    }

    private TrunklineConfig running() {
        return dispatcher.runningConfig();
    }

    private BackendConfig backend(String pool, String name) {
        return running().pool(pool).orElseThrow().backend(name).orElseThrow();
    }

    @Test
    void protocolNamesItsVersionAndEveryCommand() {
        JsonNode result = client.call("protocol", Map.of());

        assertEquals(AdminProtocol.VERSION, result.get("version").asInt());
        List<String> commands = StreamSupport.stream(result.get("commands").spliterator(), false).map(JsonNode::asText).toList();
        assertEquals(List.of("protocol", "status", "vip.list", "vip.add", "vip.del", "backend.list", "backend.add", "backend.del",
                "backend.weight", "backend.drain", "backend.enable", "backend.disable", "sessions.count", "sessions.list",
                "sessions.flush", "peers", "stats", "health", "neighbours", "config.reload", "config.save", "config.show", "capture"), commands);
    }

    @Test
    void statusInSnakeCase() {
        dispatcher.addSession("198.18.0.1:40000", "web", "web", "web1");

        JsonNode status = client.call("status", Map.of());

        assertEquals("dispatcher-a", status.get("node").asText());
        assertEquals(1, status.get("node_id").asInt());
        assertEquals("READY", status.get("readiness").asText());
        assertEquals(3_723_000, status.get("uptime_millis").asLong());
        assertEquals(2, status.get("vips").asInt());
        assertEquals(3, status.get("backends_up").asInt());
        assertEquals(1, status.get("sessions").asLong());
    }

    @Test
    void vipListHasEachVipWithItsSessions() {
        dispatcher.addSession("198.18.0.1:40000", "web", "web", "web1");
        dispatcher.addSession("198.18.0.2:40000", "web", "web", "web2");

        JsonNode vips = client.call("vip.list", Map.of());

        assertEquals(2, vips.size());
        assertEquals("{\"name\":\"web\",\"address\":\"198.19.0.1\",\"port\":80,\"protocol\":\"tcp\",\"mode\":\"dsr\","
                + "\"policy\":\"maglev\",\"pool\":\"web\",\"sessions\":2}", vips.get(0).toString());
        assertEquals(0, vips.get(1).get("sessions").asLong());
    }

    @Test
    void vipAddAppliesAndReportsTheChange() {
        JsonNode report = client.call("vip.add", Map.of("name", "api", "address", "2001:2::9", "port", 8080, "mode", "ipip",
                "policy", "wlc", "pool", "web"));

        assertEquals("[\"+ vip api [2001:2::9]:8080/tcp ipip wlc pool web\"]", report.get("live").toString());
        assertEquals(0, report.get("after_restart").size());
        assertTrue(report.get("summary").asText().startsWith("1 change, all applied live"), report.toString());
        assertTrue(running().vip("api").isPresent());
    }

    @Test
    void vipDelRemovesIt() {
        JsonNode report = client.call("vip.del", Map.of("name", "dns"));

        assertEquals("[\"- vip dns 198.19.0.2:53/udp\"]", report.get("live").toString());
        assertTrue(running().vip("dns").isEmpty());
    }

    @Test
    void aChangeBreakingARuleIsRefusedWithTheRuleAndChangesNothing() {
        TrunklineConfig before = running();

        String message = error("vip.add", Map.of("name", "api", "address", "198.19.0.9", "port", 80, "pool", "nope"));

        assertEquals("change refused: vips[2].pool: no pool named \"nope\"", message);
        assertEquals(before, running());
    }

    @Test
    void aDuplicateEndpointNamesBothVips() {
        String message = error("vip.add", Map.of("name", "web-copy", "address", "198.19.0.1", "port", 80, "pool", "web"));

        assertEquals("change refused: vips[2].address: duplicate address, port and protocol \"198.19.0.1:80/tcp\", "
                + "first used by vips[0].address", message);
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("bad address \"198.19.0\": must be an IPv4 or IPv6 address",
                error("vip.add", Map.of("name", "api", "address", "198.19.0", "port", 80, "pool", "web")));
        assertEquals("vip.add: mode must be one of dsr, nat, ipip, gue, got \"direct\"",
                error("vip.add", Map.of("name", "api", "address", "198.19.0.9", "port", 80, "mode", "direct", "pool", "web")));
        assertEquals("vip.add: port must be an integer within 1..65535, got 70000",
                error("vip.add", Map.of("name", "api", "address", "198.19.0.9", "port", 70000, "pool", "web")));
        assertEquals("vip.add: port must be an integer within 1..65535, got \"80\"",
                error("vip.add", Map.of("name", "api", "address", "198.19.0.9", "port", "80", "pool", "web")));
        assertEquals("vip.add: missing argument \"pool\"",
                error("vip.add", Map.of("name", "api", "address", "198.19.0.9", "port", 80)));
        assertEquals("vip.del: unknown argument \"nmae\", did you mean \"name\"?", error("vip.del", Map.of("nmae", "web")));
        assertEquals("status: unknown argument \"verbose\" (it takes none)", error("status", Map.of("verbose", true)));
    }

    @Test
    void unknownNamesSuggestTheClosest() {
        assertEquals("unknown VIP \"wbe\", did you mean \"web\"?", error("vip.del", Map.of("name", "wbe")));
        assertEquals("unknown VIP \"mail\" (known: web, dns)", error("vip.del", Map.of("name", "mail")));
        assertEquals("unknown backend \"web3\" in pool web, did you mean \"web1\"?",
                error("backend.drain", Map.of("pool", "web", "name", "web3")));
        assertEquals("unknown pool \"cache\" (known: web, dns)", error("backend.list", Map.of("pool", "cache")));
        assertEquals("unknown command \"vip.lsit\", did you mean \"vip.list\"?", error("vip.lsit", Map.of()));
        assertEquals("VIP \"web\" exists already (vip del first to replace it)",
                error("vip.add", Map.of("name", "web", "address", "198.19.0.9", "port", 80, "pool", "web")));
    }

    @Test
    void backendListJoinsConfigurationHealthAndSessions() {
        dispatcher.addSession("198.18.0.1:40000", "web", "web", "web2");

        JsonNode backends = client.call("backend.list", Map.of("pool", "web"));

        assertEquals(2, backends.size());
        assertEquals("{\"pool\":\"web\",\"name\":\"web2\",\"address\":\"198.18.1.11\",\"port\":0,\"weight\":50,"
                + "\"max_connections\":0,\"admin\":\"enabled\",\"health\":\"UP\",\"sessions\":1}", backends.get(1).toString());
        assertEquals(3, client.call("backend.list", Map.of()).size());
    }

    @Test
    void backendAddWithEveryArgumentThenDel() {
        JsonNode report = client.call("backend.add", Map.of("pool", "dns", "name", "dns2", "address", "198.18.1.21", "port", 5354,
                "weight", 20, "max_connections", 500, "mac", "02:00:00:00:01:0c", "state", "drain"));

        assertEquals("[\"+ backend dns/dns2 198.18.1.21:5354 weight 20\"]", report.get("live").toString());
        BackendConfig added = backend("dns", "dns2");
        assertEquals(500, added.maxConnections());
        assertEquals("02:00:00:00:01:0c", added.mac().orElseThrow().toString());
        assertEquals(BackendConfig.AdminState.DRAIN, added.state());

        client.call("backend.del", Map.of("pool", "dns", "name", "dns2"));
        assertTrue(running().pool("dns").orElseThrow().backend("dns2").isEmpty());

        client.call("backend.add", Map.of("pool", "dns", "name", "dns3", "address", "198.19.5.1", "port", 5353,
                "next_hop", "198.18.1.1"));
        assertEquals("198.18.1.1", backend("dns", "dns3").nextHop().orElseThrow().getHostAddress());
        assertEquals("bad address \"198.18.1\" for next_hop: must be an IPv4 or IPv6 address", error("backend.add",
                Map.of("pool", "dns", "name", "dns4", "address", "198.19.5.2", "next_hop", "198.18.1")));
    }

    @Test
    void backendWeightDrainDisableEnable() {
        assertEquals("[\"~ backend web/web1: weight 100 -> 0 (drain)\"]",
                client.call("backend.weight", Map.of("pool", "web", "name", "web1", "weight", 0)).get("live").toString());
        assertEquals(0, backend("web", "web1").weight());

        client.call("backend.drain", Map.of("pool", "web", "name", "web2"));
        assertEquals(BackendConfig.AdminState.DRAIN, backend("web", "web2").state());
        client.call("backend.disable", Map.of("pool", "web", "name", "web2"));
        assertEquals(BackendConfig.AdminState.DISABLED, backend("web", "web2").state());
        client.call("backend.enable", Map.of("pool", "web", "name", "web2"));
        assertEquals(BackendConfig.AdminState.ENABLED, backend("web", "web2").state());

        assertEquals("backend.weight: weight must be an integer within 0..65535, got 70000",
                error("backend.weight", Map.of("pool", "web", "name", "web1", "weight", 70000)));
    }

    @Test
    void anUnchangedStateIsNoChange() {
        client.call("backend.drain", Map.of("pool", "web", "name", "web1"));

        JsonNode again = client.call("backend.drain", Map.of("pool", "web", "name", "web1"));

        assertEquals("no changes", again.get("summary").asText());
    }

    @Test
    void sessionsCountListAndFlushByFilter() {
        dispatcher.addSession("198.18.0.1:40000", "web", "web", "web1");
        dispatcher.addSession("198.18.0.2:40000", "web", "web", "web2");
        dispatcher.addSession("198.18.0.3:40000", "dns", "dns", "dns1");

        assertEquals(3, client.call("sessions.count", Map.of()).get("count").asLong());
        assertEquals(2, client.call("sessions.count", Map.of("vip", "web")).get("count").asLong());
        assertEquals(1, client.call("sessions.count", Map.of("pool", "web", "backend", "web2")).get("count").asLong());
        assertEquals(1, client.call("sessions.count", Map.of("backend", "dns1")).get("count").asLong());

        JsonNode listed = client.call("sessions.list", Map.of("vip", "web", "limit", 1));
        assertEquals(1, listed.size());
        assertEquals("{\"protocol\":\"tcp\",\"client\":\"198.18.0.1:40000\",\"vip\":\"web\",\"vip_endpoint\":\"198.19.0.1:80\","
                + "\"pool\":\"web\",\"backend\":\"web1\",\"state\":\"ESTABLISHED\",\"origin_id\":1,\"age_millis\":12000,"
                + "\"idle_millis\":1000}", listed.get(0).toString());

        assertEquals(2, client.call("sessions.flush", Map.of("pool", "web")).get("flushed").asLong());
        assertEquals(1, client.call("sessions.count", Map.of()).get("count").asLong());
        assertEquals(1, client.call("sessions.flush", Map.of("all", true)).get("flushed").asLong());
    }

    @Test
    void sessionFiltersNameWhatExists() {
        dispatcher.addSession("198.18.0.1:40000", "web", "web", "web1");

        assertEquals("unknown backend \"cache9\" (known: web1, web2, dns1)", error("sessions.count", Map.of("backend", "cache9")));
        assertEquals("unknown backend \"dns1\" in pool web (known: web1, web2)",
                error("sessions.list", Map.of("pool", "web", "backend", "dns1")));
        assertEquals("sessions.flush: name a vip, pool or backend, or set \"all\" to flush every session",
                error("sessions.flush", Map.of()));
        assertEquals("sessions.flush: \"all\" flushes every session, it takes no vip, pool or backend",
                error("sessions.flush", Map.of("vip", "web", "all", true)));
        assertEquals(1, client.call("sessions.count", Map.of()).get("count").asLong());
    }

    @Test
    void peersStatsAndHealth() {
        JsonNode peers = client.call("peers", Map.of());
        assertEquals("READY", peers.get("readiness").asText());
        assertEquals(2, peers.get("peers").size());
        assertEquals("UP", peers.get("peers").get(0).get("state").asText());
        assertEquals(90, peers.get("peers").get(0).get("records_applied").asLong());
        assertEquals(2, peers.get("peers").get(1).get("auth_failures").asLong());

        dispatcher.trafficPerSample(500);
        JsonNode first = client.call("stats", Map.of());
        JsonNode second = client.call("stats", Map.of());
        assertEquals(1_000_000_000L, second.get("sampled_at_nanos").asLong() - first.get("sampled_at_nanos").asLong());
        assertEquals("{\"name\":\"rx_packets port=0\",\"value\":2000}", second.get("counters").get(0).toString());

        JsonNode health = client.call("health", Map.of());
        assertEquals(3, health.size());
        assertEquals("{\"pool\":\"dns\",\"backend\":\"dns1\",\"address\":\"198.18.1.20:80\",\"state\":\"UP\",\"admin\":\"enabled\","
                + "\"weight\":100,\"sessions\":0,\"checks\":10,\"failures\":0,\"last_result\":\"200 OK\",\"last_latency_micros\":850}",
                health.get(2).toString());
    }

    @Test
    void configShowAndSaveCarryRuntimeChanges() throws Exception {
        client.call("backend.weight", Map.of("pool", "web", "name", "web2", "weight", 7));

        String shown = client.call("config.show", Map.of()).get("yaml").asText();
        assertEquals(running(), ConfigLoader.parse("shown", shown));

        JsonNode saved = client.call("config.save", Map.of());
        assertEquals(dispatcher.file().toString(), saved.get("file").asText());
        assertEquals(7, ConfigLoader.load(dispatcher.file()).pool("web").orElseThrow().backend("web2").orElseThrow().weight());
    }

    @Test
    void reloadAppliesTheFileOrRefusesItWithItsPositions() throws Exception {
        Files.writeString(dispatcher.file(), ConfigOnlyDispatcher.YAML.replace("weight: 50", "weight: 60"));
        JsonNode report = client.call("config.reload", Map.of());
        assertEquals("[\"~ backend web/web2: weight 50 -> 60\"]", report.get("live").toString());

        Files.writeString(dispatcher.file(), ConfigOnlyDispatcher.YAML.replace("port: 80,", "port: 0,"));
        String message = error("config.reload", Map.of());
        assertEquals("change refused: " + dispatcher.file() + ":5:45: vips[0].port: must be 1..65535, got 0", message);
        assertEquals(60, backend("web", "web2").weight());
    }

    @Test
    void captureGetsAnAbsolutePathAndNamesAnUnknownPort() {
        Path pcap = dir.resolve("data0.pcap");
        JsonNode result = client.call("capture", Map.of("port", "data0", "count", 50, "file", pcap.toString(),
                "timeout_millis", 2000));

        assertEquals(50, result.get("packets").asLong());
        assertEquals(new ConfigOnlyDispatcher.Capture("data0", 50, pcap, Duration.ofSeconds(2)), dispatcher.lastCapture());
        assertEquals("unknown port \"data9\"", error("capture", Map.of("port", "data9", "count", 1, "file", pcap.toString())));
        assertEquals("capture: file must be an absolute path (the daemon does not share your directory), got x.pcap",
                error("capture", Map.of("port", "data0", "count", 1, "file", "x.pcap")));
    }

    @Test
    void oneConnectionServesManyRequests() {
        for (int i = 0; i < 20; i++) {
            assertFalse(client.call("status", Map.of()).isMissingNode());
        }
    }
}
