package io.trunkline.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkline.controlplane.admin.AdminProtocol;
import io.trunkline.controlplane.admin.AdminServer;
import io.trunkline.controlplane.admin.ConfigOnlyDispatcher;
import io.trunkline.controlplane.config.BackendConfig;
import io.trunkline.controlplane.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every admin command of the CLI, text and --json, run in-process against an admin server on a real socket. */
class AdminCommandsTest {
    @TempDir
    Path dir;

    private ConfigOnlyDispatcher dispatcher;
    private AdminServer server;
    private final AtomicLong clock = new AtomicLong();

    /** One command run: exit code, stdout, stderr. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        JsonNode json() throws Exception {
            return AdminProtocol.json().readTree(out);
        }
    }

    @BeforeEach
    void start() throws Exception {
        dispatcher = ConfigOnlyDispatcher.start(dir);
        server = new AdminServer(dispatcher, dir.resolve("run/admin.sock"), () -> clock.addAndGet(1_000_000_000L));
        server.start();
        dispatcher.addSession("198.18.0.1:40000", "web", "web", "web1");
        dispatcher.addSession("198.18.0.2:40001", "web", "web", "web1");
        dispatcher.addSession("198.18.0.3:40002", "dns", "dns", "dns1");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Run trunkline(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--socket=" + server.socket());
        return execute(all.toArray(String[]::new));
    }

    static Run execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TrunklineCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertOk(Run run) {
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
    }

    private static void assertFails(Run run, String message) {
        assertEquals(1, run.exit(), run.out());
        assertEquals("trunkline: " + message + System.lineSeparator(), run.err());
    }

    @Test
    void status() throws Exception {
        Run text = trunkline("status");
        assertOk(text);
        assertEquals(List.of(
                "node       dispatcher-a (id 1)",
                "version    test",
                "readiness  READY",
                "uptime     1h02m",
                "workers    2 on 1 ports",
                "vips       2",
                "backends   3 up of 3",
                "sessions   3",
                "peers      1 up of 2"), text.lines());

        Run json = trunkline("status", "--json");
        assertOk(json);
        assertEquals("dispatcher-a", json.json().get("node").asText());
        assertEquals(3, json.json().get("sessions").asLong());
    }

    @Test
    void vipListAddDel() throws Exception {
        assertEquals(List.of(
                "NAME  ADDRESS     PORT  PROTO  MODE  POLICY  POOL  SESSIONS",
                "web   198.19.0.1    80  tcp    dsr   maglev  web          2",
                "dns   198.19.0.2    53  udp    nat   wrr     dns          1"), trunkline("vip", "list").lines());
        assertEquals(2, trunkline("vip", "list", "--json").json().size());

        Run added = trunkline("vip", "add", "api", "198.19.0.9", "8080", "--pool", "web", "--policy", "wrr");
        assertOk(added);
        assertEquals(List.of("1 change, all applied live", "  + vip api 198.19.0.9:8080/tcp dsr wrr pool web"), added.lines());
        assertTrue(dispatcher.runningConfig().vip("api").isPresent());

        Run deleted = trunkline("vip", "del", "api");
        assertOk(deleted);
        assertEquals(List.of("1 change, all applied live", "  - vip api 198.19.0.9:8080/tcp"), deleted.lines());
    }

    @Test
    void vipErrorsAreOneLineExitOne() {
        assertFails(trunkline("vip", "del", "wbe"), "unknown VIP \"wbe\", did you mean \"web\"?");
        assertFails(trunkline("vip", "add", "api", "198.19.0.300", "80", "--pool", "web"),
                "bad address \"198.19.0.300\": must be an IPv4 or IPv6 address");
        assertFails(trunkline("vip", "add", "api", "198.19.0.9", "80", "--pool", "cache"),
                "change refused: vips[2].pool: no pool named \"cache\"");
        assertFails(trunkline("vip", "add", "api", "198.19.0.9", "80", "--pool", "web", "--mode", "direct"),
                "vip.add: mode must be one of dsr, nat, ipip, gue, got \"direct\"");
    }

    @Test
    void usageErrorsExitTwo() {
        Run run = trunkline("vip", "add", "api", "198.19.0.9", "80");
        assertEquals(2, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("trunkline: Missing required option: '--pool=<pool>' (see: trunkline vip add --help)"),
                run.err());

        Run badDuration = trunkline("stats", "--watch", "--interval", "soon");
        assertEquals(2, badDuration.exit());
        assertTrue(badDuration.err().contains("must be a duration like 2s, 100ms, 20us or 1m30s, got \"soon\""), badDuration.err());
    }

    @Test
    void backendListAndChanges() throws Exception {
        assertEquals(List.of(
                "POOL  BACKEND  ADDRESS      PORT  WEIGHT  MAX CONN  ADMIN    HEALTH  SESSIONS",
                "web   web1     198.18.1.10  vip      100         -  enabled  UP             2",
                "web   web2     198.18.1.11  vip       50         -  enabled  UP             0",
                "dns   dns1     198.18.1.20  5353     100         -  enabled  UP             1"), trunkline("backend", "list").lines());
        assertEquals(1, trunkline("backend", "list", "--pool", "dns", "--json").json().size());

        assertOk(trunkline("backend", "add", "dns", "dns2", "198.18.1.21", "--port", "5354", "--weight", "20",
                "--max-connections", "100", "--mac", "02:00:00:00:01:15"));
        assertEquals(100, backend("dns", "dns2").maxConnections());
        assertEquals(List.of("1 change, all applied live", "  ~ backend dns/dns2: weight 20 -> 5"),
                trunkline("backend", "weight", "dns", "dns2", "5").lines());
        assertOk(trunkline("backend", "disable", "dns", "dns2"));
        assertEquals(BackendConfig.AdminState.DISABLED, backend("dns", "dns2").state());
        assertOk(trunkline("backend", "enable", "dns", "dns2"));
        assertEquals(BackendConfig.AdminState.ENABLED, backend("dns", "dns2").state());
        assertOk(trunkline("backend", "del", "dns", "dns2"));
        assertTrue(dispatcher.runningConfig().pool("dns").orElseThrow().backend("dns2").isEmpty());

        assertFails(trunkline("backend", "weight", "web", "web1", "70000"),
                "backend.weight: weight must be an integer within 0..65535, got 70000");
    }

    private BackendConfig backend(String pool, String name) {
        return dispatcher.runningConfig().pool(pool).orElseThrow().backend(name).orElseThrow();
    }

    @Test
    void drainWaitReportsTheCountAsItFalls() {
        dispatcher.beforeCount(() -> dispatcher.endOneSession("web", "web1"));

        Run run = trunkline("backend", "drain", "web", "web1", "--wait", "--interval", "1ms");

        assertOk(run);
        assertEquals(List.of(
                "1 change, all applied live",
                "  ~ backend web/web1: state enabled -> drain",
                "web/web1: 1 session left",
                "web/web1: drained, no sessions left"), run.lines());
        assertEquals(BackendConfig.AdminState.DRAIN, backend("web", "web1").state());
    }

    @Test
    void drainWaitGivesUpAfterItsTimeoutAndTheBackendStaysDrained() {
        Run run = trunkline("backend", "drain", "web", "web1", "--wait", "--timeout", "20ms", "--interval", "5ms");

        assertFails(run, "web/web1 still has 2 sessions after 20ms (it stays drained)");
        assertTrue(run.out().contains("web/web1: 2 sessions left"), run.out());
        assertEquals(BackendConfig.AdminState.DRAIN, backend("web", "web1").state());
    }

    @Test
    void sessionsCountListFlush() throws Exception {
        assertEquals(List.of("3"), trunkline("sessions", "count").lines());
        assertEquals(List.of("2"), trunkline("sessions", "count", "--vip", "web").lines());
        assertEquals(1, trunkline("sessions", "count", "--pool", "dns", "--backend", "dns1", "--json").json().get("count").asLong());

        assertEquals(List.of(
                "PROTO  CLIENT            VIP  VIP ENDPOINT   POOL  BACKEND  STATE        ORIGIN  AGE  IDLE",
                "tcp    198.18.0.1:40000  web  198.19.0.1:80  web   web1     ESTABLISHED       1  12s  1s",
                "(the first 1 sessions; --limit N shows more)"), trunkline("sessions", "list", "--vip", "web", "--limit", "1").lines());
        assertEquals(2, trunkline("sessions", "list", "--backend", "web1", "--json").json().size());

        assertFails(trunkline("sessions", "flush"), "sessions.flush: name a vip, pool or backend, or set \"all\" to flush every session");
        assertEquals(List.of("flushed 1 session"), trunkline("sessions", "flush", "--vip", "dns").lines());
        assertEquals(List.of("flushed 2 sessions"), trunkline("sessions", "flush", "--all").lines());
        assertFails(trunkline("sessions", "count", "--vip", "mail"), "unknown VIP \"mail\" (known: web, dns)");
    }

    @Test
    void peers() throws Exception {
        assertEquals(List.of(
                "node 1 over udp: READY, last data sequence 1234, unattributed rejects 0, dropped changes 0",
                "PEER  STATE  READINESS  SENT  RECEIVED  APPLIED  LAG  LAG MAX  AUTH FAIL  GAPS  REPLAYS  SNAPSHOTS IN/OUT",
                "   2  UP     READY       100        90       90  1ms  3ms              0     0        0  1/0",
                "   3  DOWN   JOINING       5         0        0  0ms  0ms              2     1        0  0/0"), trunkline("peers").lines());
        assertEquals(2, trunkline("peers", "--json").json().get("peers").size());
    }

    @Test
    void statsOnceAndWatchedWithRates() throws Exception {
        assertEquals(List.of(
                "COUNTER            VALUE",
                "rx_packets port=0   1000",
                "tx_packets port=0    990",
                "sessions_created      10"), trunkline("stats").lines());
        assertEquals(3, trunkline("stats", "--json").json().get("counters").size());

        dispatcher.trafficPerSample(2500);
        Run watched = trunkline("stats", "--watch", "--count", "2", "--interval", "1ms");
        assertOk(watched);
        assertEquals(List.of(
                "every 1ms, refresh 1 of 2",
                "COUNTER            VALUE  PER SECOND",
                "rx_packets port=0   3500           -",
                "tx_packets port=0   3490           -",
                "sessions_created    2510           -",
                "",
                "every 1ms, refresh 2 of 2",
                "COUNTER            VALUE  PER SECOND",
                "rx_packets port=0   6000        2500",
                "tx_packets port=0   5990        2500",
                "sessions_created    5010        2500"), watched.lines());

        Run json = trunkline("stats", "--count", "3", "--interval", "1ms", "--json");
        assertOk(json);
        assertEquals(3, json.lines().size(), "one JSON sample per line");
        assertEquals(13_500, AdminProtocol.json().readTree(json.lines().get(2)).get("counters").get(0).get("value").asLong());
    }

    @Test
    void health() throws Exception {
        assertEquals(List.of(
                "POOL  BACKEND  ADDRESS         STATE  ADMIN    WEIGHT  SESSIONS  CHECKS  FAILURES  LATENCY  LAST RESULT",
                "web   web1     198.18.1.10:80  UP     enabled     100         2      10         0  850us    200 OK",
                "web   web2     198.18.1.11:80  UP     enabled      50         0      10         0  850us    200 OK",
                "dns   dns1     198.18.1.20:80  UP     enabled     100         1      10         0  850us    200 OK"),
                trunkline("health").lines());
        assertEquals("UP", trunkline("health", "--json").json().get(0).get("state").asText());
    }

    @Test
    void neighbours() throws Exception {
        assertEquals(List.of(
                "PORT   ADDRESS      STATE       MAC                FOR    REQUESTS  FAILURES",
                "data0  198.18.1.1   REACHABLE   02:00:00:00:01:01  1s            1         0",
                "data0  198.18.1.10  INCOMPLETE  -                  200ms         2         0"),
                trunkline("neighbours").lines());
        assertEquals("REACHABLE", trunkline("neighbours", "--json").json().get(0).get("state").asText());
    }

    @Test
    void configShowSaveReload() throws Exception {
        assertOk(trunkline("backend", "weight", "web", "web2", "7"));

        Run shown = trunkline("config", "show");
        assertOk(shown);
        assertEquals(dispatcher.runningConfig(), ConfigLoader.parse("shown", shown.out()));
        assertTrue(trunkline("config", "show", "--json").json().get("yaml").asText().contains("weight: 7"));

        assertEquals(List.of("saved " + dispatcher.file()), trunkline("config", "save").lines());
        assertEquals(7, ConfigLoader.load(dispatcher.file()).pool("web").orElseThrow().backend("web2").orElseThrow().weight());

        assertEquals(List.of("no changes"), trunkline("config", "reload").lines());
    }

    @Test
    void captureSendsTheAbsolutePath() {
        Run run = trunkline("capture", "--port", "data0", "--count", "5", "--file", "relative.pcap", "--timeout", "3s");

        assertOk(run);
        Path expected = Path.of("relative.pcap").toAbsolutePath();
        assertEquals(List.of("captured 5 packets on data0 into " + expected), run.lines());
        assertEquals(new ConfigOnlyDispatcher.Capture("data0", 5, expected, Duration.ofSeconds(3)), dispatcher.lastCapture());
        assertFails(trunkline("capture", "--port", "data9", "--file", "/tmp/x.pcap"), "unknown port \"data9\"");
    }

    @Test
    void noDaemonIsOneLine() {
        Path nowhere = dir.resolve("nowhere/admin.sock");

        Run run = execute("status", "--socket", nowhere.toString());

        assertFails(run, "daemon not running (no socket at " + nowhere + ")");
    }

    @Test
    void theSocketOptionDefaultsToTheConfigurationDefault() {
        Run help = execute("status", "--help");

        assertTrue(help.out().replaceAll("\\s+", " ").contains("default: $TRUNKLINE_SOCKET, else "
                + io.trunkline.controlplane.config.AdminConfig.DEFAULT.socket()), help.out());
    }
}
