package io.trunkline.controlplane.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checker against real servers on 127.0.0.1. Time is the test's clock: checks fall due and
 * time out only when the test advances it. Sockets still take real time to connect and answer,
 * so each step polls {@code doWork()} until the check completes, giving up after a bound.
 */
class HealthCheckerTest {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofMillis(1000);
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final BackendKey WEB1 = new BackendKey("web", "web1");

    record Change(BackendKey key, HealthState from, HealthState to, String reason) {
    }

    private final CachedNanoClock clock = new CachedNanoClock();
    private final List<Change> changes = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();
    private HealthChecker checker;

    @AfterEach
    void closeEverything() throws Exception {
        if (checker != null) {
            checker.onClose();
        }
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    @Test
    void tcpBackendGoesDownWhenItsServerStopsAndComesBackWhenItStarts() throws Exception {
        ServerSocketChannel server = listen(0);
        int port = server.socket().getLocalPort();
        start(4);
        checker.addBackend(WEB1, loopback(port), tcpSpec(), HealthState.UP);

        checkOnce(WEB1);
        assertEquals("TCP connect ok", checker.health(WEB1).lastResult());
        assertTrue(checker.health(WEB1).lastLatencyNanos() >= 0);

        server.close();
        checkOnce(WEB1);
        checkOnce(WEB1);
        assertEquals(HealthState.UP, checker.health(WEB1).state(), "two failures of fall 3: still UP");
        checkOnce(WEB1);
        assertEquals(HealthState.DOWN, checker.health(WEB1).state());
        assertEquals(List.of(new Change(WEB1, HealthState.UP, HealthState.DOWN, "connect refused (3 consecutive failures)")),
            changes);

        listen(port);
        checkOnce(WEB1);
        assertEquals(HealthState.DOWN, checker.health(WEB1).state(), "one success of rise 2: still DOWN");
        checkOnce(WEB1);
        assertEquals(HealthState.UP, checker.health(WEB1).state());
        assertEquals(new Change(WEB1, HealthState.DOWN, HealthState.UP, "TCP connect ok (2 consecutive successes)"),
            changes.get(1));
        assertEquals(6, checker.health(WEB1).checks());
        assertEquals(3, checker.health(WEB1).failures());
    }

    @Test
    void httpBackendFollowsItsStatus200Then503Then200() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        servers.add(() -> server.stop(0));
        start(4);
        checker.addBackend(WEB1, loopback(server.getAddress().getPort()), httpSpec("/health"), HealthState.DOWN);

        checkOnce(WEB1);
        checkOnce(WEB1);
        assertEquals(HealthState.UP, checker.health(WEB1).state());
        status.set(503);
        checkOnce(WEB1);
        checkOnce(WEB1);
        assertEquals(HealthState.UP, checker.health(WEB1).state());
        checkOnce(WEB1);
        assertEquals(HealthState.DOWN, checker.health(WEB1).state());
        assertEquals("HTTP 503, expected 200", checker.health(WEB1).lastError());
        status.set(200);
        checkOnce(WEB1);
        checkOnce(WEB1);

        assertEquals(List.of(
            new Change(WEB1, HealthState.DOWN, HealthState.UP, "HTTP 200 (2 consecutive successes)"),
            new Change(WEB1, HealthState.UP, HealthState.DOWN, "HTTP 503, expected 200 (3 consecutive failures)"),
            new Change(WEB1, HealthState.DOWN, HealthState.UP, "HTTP 200 (2 consecutive successes)")), changes);
        assertEquals(7, checker.health(WEB1).checks());
        assertEquals(3, checker.health(WEB1).failures());
    }

    @Test
    void aServerThatNeverAnswersTimesOutWhenTheClockPassesTheTimeout() throws Exception {
        ScriptedServer server = ScriptedServer.silent();
        servers.add(server);
        start(4);
        checker.addBackend(WEB1, server.address(), httpSpec("/health").withRiseFall(2, 1), HealthState.UP);
        checker.doWork(); // applies the addBackend: the first check falls due within one interval from now

        clock.advance(INTERVAL.toNanos());
        stepUntil(() -> server.requests().size() == 1);
        assertEquals("GET /health HTTP/1.1\r\nHost: " + hostPort(server.address()) + "\r\n"
            + "User-Agent: trunkline-health\r\nConnection: close\r\n\r\n", server.requests().getFirst());
        checker.doWork();
        assertEquals(0, checker.health(WEB1).checks(), "the clock has not passed the timeout");

        clock.advance(TIMEOUT.toNanos());
        checker.doWork();
        assertEquals("timeout after 1000 ms (waiting for HTTP status)", checker.health(WEB1).lastError());
        assertEquals(HealthState.DOWN, checker.health(WEB1).state());
        assertEquals(0, checker.inFlightProbes());
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        ServerSocketChannel closed = listen(0);
        int port = closed.socket().getLocalPort();
        closed.close();
        start(4);
        checker.addBackend(WEB1, loopback(port), httpSpec("/").withRiseFall(2, 1), HealthState.UP);

        checkOnce(WEB1);
        assertEquals("connect refused", checker.health(WEB1).lastError());
        assertEquals(List.of(new Change(WEB1, HealthState.UP, HealthState.DOWN, "connect refused (1 consecutive failure)")),
            changes);
    }

    @Test
    void garbageInsteadOfAStatusLineIsABadResponse() throws Exception {
        ScriptedServer server = ScriptedServer.replying("SSH-2.0-OpenSSH_9.2\r\n");
        servers.add(server);
        start(4);
        checker.addBackend(WEB1, server.address(), httpSpec("/"), HealthState.UP);

        checkOnce(WEB1);
        assertEquals("bad HTTP response: \"SSH-2.0-OpenSSH_9.2\\r\"", checker.health(WEB1).lastError());
        assertEquals(1, checker.health(WEB1).failures());
    }

    @Test
    void aConnectionClosedBeforeAnyStatusLineIsAFailure() throws Exception {
        ScriptedServer server = ScriptedServer.replying("");
        servers.add(server);
        start(4);
        checker.addBackend(WEB1, server.address(), httpSpec("/"), HealthState.UP);

        checkOnce(WEB1);
        assertEquals("connection closed before HTTP status line", checker.health(WEB1).lastError());
    }

    @Test
    void noMoreThanTheBoundOfProbesAreInFlight() throws Exception {
        ScriptedServer server = ScriptedServer.silent();
        servers.add(server);
        start(2);
        List<BackendKey> keys = List.of(new BackendKey("web", "a"), new BackendKey("web", "b"), new BackendKey("web", "c"));
        for (BackendKey key : keys) {
            checker.addBackend(key, server.address(), httpSpec("/"), HealthState.UP);
        }
        checker.doWork();

        clock.advance(INTERVAL.toNanos());
        checker.doWork();
        assertEquals(2, checker.inFlightProbes());
        stepUntil(() -> server.requests().size() == 2);

        clock.advance(TIMEOUT.toNanos());
        checker.doWork();
        assertEquals(0, checker.inFlightProbes(), "both timed out; the third waits for the next duty cycle");
        checker.doWork();
        assertEquals(1, checker.inFlightProbes());
        long checked = keys.stream().filter(key -> checker.health(key).checks() == 1).count();
        assertEquals(2, checked);
    }

    @Test
    void firstChecksAreSpreadOverTheIntervalTheSameWayForTheSameSeed() throws Exception {
        ScriptedServer server = ScriptedServer.silent();
        servers.add(server);
        List<Integer> first = probesStartedPerTenthOfInterval(server, 42);
        List<Integer> again = probesStartedPerTenthOfInterval(server, 42);
        assertEquals(first, again);
        assertTrue(first.getFirst() < 10, "not all probes at once: " + first);
        assertNotEquals(0, (int) first.getLast(), "probes started within the interval: " + first);
    }

    @Test
    void aRemovedBackendIsForgottenAndNoLongerChecked() throws Exception {
        ServerSocketChannel server = listen(0);
        start(4);
        checker.addBackend(WEB1, loopback(server.socket().getLocalPort()), tcpSpec(), HealthState.UP);
        checkOnce(WEB1);

        checker.removeBackend(WEB1);
        clock.advance(INTERVAL.toNanos());
        checker.doWork();
        assertNull(checker.health(WEB1));
        assertTrue(checker.backends().isEmpty());
        assertEquals(0, checker.inFlightProbes());
    }

    @Test
    void noneIsAlwaysUpAndNeverProbed() throws Exception {
        start(4);
        checker.addBackend(WEB1, loopback(9), HealthCheckSpec.none(), HealthState.DOWN);
        clock.advance(INTERVAL.toNanos());
        checker.doWork();
        assertEquals(HealthState.UP, checker.health(WEB1).state());
        assertEquals(0, checker.inFlightProbes());
        assertEquals(0, checker.health(WEB1).checks());
    }

    @Test
    void changingTheCheckOfAKnownBackendKeepsItsState() throws Exception {
        ServerSocketChannel closed = listen(0);
        int port = closed.socket().getLocalPort();
        closed.close();
        start(4);
        checker.addBackend(WEB1, loopback(port), tcpSpec().withRiseFall(2, 1), HealthState.UP);
        checkOnce(WEB1);
        assertEquals(HealthState.DOWN, checker.health(WEB1).state());

        checker.addBackend(WEB1, loopback(port), httpSpec("/"), HealthState.UP);
        checker.doWork();
        assertEquals(HealthState.DOWN, checker.health(WEB1).state(), "a reload must not bring a DOWN backend UP");
        assertEquals(1, checker.health(WEB1).checks());

        checker.addBackend(WEB1, loopback(port), HealthCheckSpec.none(), HealthState.DOWN);
        checker.doWork();
        assertEquals(HealthState.UP, checker.health(WEB1).state());
        assertEquals(new Change(WEB1, HealthState.DOWN, HealthState.UP, "health checks disabled"), changes.getLast());
    }

    private List<Integer> probesStartedPerTenthOfInterval(ScriptedServer server, long seed) throws Exception {
        CachedNanoClock ownClock = new CachedNanoClock();
        HealthChecker spread = new HealthChecker(ownClock, (key, from, to, reason) -> { }, 100, seed);
        try {
            for (int i = 0; i < 10; i++) {
                spread.addBackend(new BackendKey("web", "b" + i), server.address(), httpSpec("/"), HealthState.UP);
            }
            List<Integer> started = new ArrayList<>();
            for (int tenth = 0; tenth < 10; tenth++) {
                spread.doWork();
                started.add(spread.inFlightProbes());
                ownClock.advance(INTERVAL.toNanos() / 10);
            }
            return started;
        } finally {
            spread.onClose();
        }
    }

    private void start(int maxConcurrentProbes) throws IOException {
        checker = new HealthChecker(clock, (key, from, to, reason) -> changes.add(new Change(key, from, to, reason)),
            maxConcurrentProbes, 7);
    }

    /** Brings the backend's next check due, then runs duty cycles until it has completed. */
    private void checkOnce(BackendKey key) throws Exception {
        checker.doWork(); // applies a pending addBackend before its check is counted
        long before = checker.health(key).checks();
        clock.advance(INTERVAL.toNanos());
        stepUntil(() -> checker.health(key).checks() > before);
        assertEquals(before + 1, checker.health(key).checks());
    }

    private void stepUntil(BooleanSupplier done) throws Exception {
        long giveUpAt = System.nanoTime() + GIVE_UP_NANOS;
        while (!done.getAsBoolean()) {
            if (checker.doWork() == 0) {
                if (System.nanoTime() - giveUpAt > 0) {
                    fail("gave up waiting for the check; backends: " + checker.backends());
                }
                Thread.sleep(1);
            }
        }
    }

    private ServerSocketChannel listen(int port) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        servers.add(server);
        return server;
    }

    private static HealthCheckSpec tcpSpec() {
        return HealthCheckSpec.tcp().withTiming(INTERVAL, TIMEOUT);
    }

    private static HealthCheckSpec httpSpec(String path) {
        return HealthCheckSpec.http(path, 200).withTiming(INTERVAL, TIMEOUT);
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
