package io.trunkline.controlplane.lab;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Long-lived TCP connections to an echo service, each sending a message of pseudo-random bytes (its own
 * seeded stream) every interval and checking the echo byte for byte. Counts what a user would notice: a
 * connection broken (reset, or any other error), an exchange slower than the stall limit, a byte that
 * came back different. At {@link #stop} every connection still open is closed cleanly (FIN both ways).
 */
public final class EchoLoad {
    /** An exchange with no answer for this long ends its connection (counted broken). */
    private static final int READ_TIMEOUT_MS = 30_000;
    private final InetSocketAddress target;
    private final int connections;
    private final int messageBytes;
    private final long intervalNanos;
    private final long stallNanos;
    private final LongAdder opened = new LongAdder();
    private final LongAdder failedToOpen = new LongAdder();
    private final LongAdder broken = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder stalls = new LongAdder();
    private final LongAdder mismatches = new LongAdder();
    private final LongAdder exchanges = new LongAdder();
    private final LongAdder bytesVerified = new LongAdder();
    private final LongAdder closedCleanly = new LongAdder();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final ClientEvents events = new ClientEvents();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch allOpen;
    private volatile boolean stopped;

    /**
     * @param connections  how many connections to hold open
     * @param messageBytes bytes per message (each echoed back whole)
     * @param interval     pause between a connection's exchanges
     * @param stall        an exchange taking longer than this counts as a stall
     */
    public EchoLoad(InetSocketAddress target, int connections, int messageBytes, Duration interval, Duration stall) {
        this.target = target;
        this.connections = connections;
        this.messageBytes = messageBytes;
        this.intervalNanos = interval.toNanos();
        this.stallNanos = stall.toNanos();
        this.allOpen = new CountDownLatch(connections);
    }

    /** What the client counted. */
    public record Result(int connections, long opened, long failedToOpen, long broken, long resets, long stalls,
                         long mismatches, long exchanges, long bytesVerified, long closedCleanly, long slowestMillis) {
        /** One line of {@code key=value}. */
        public String summary() {
            return String.format(Locale.ROOT, "echo_connections=%d opened=%d failed_to_open=%d broken=%d resets=%d stalls=%d "
                            + "mismatches=%d exchanges=%d bytes_verified=%d closed_cleanly=%d slowest_exchange_ms=%d",
                    connections, opened, failedToOpen, broken, resets, stalls, mismatches, exchanges, bytesVerified,
                    closedCleanly, slowestMillis);
        }
    }

    /** Opens the connections, spread over the first interval; returns once every one is open or has failed. */
    public void start() throws InterruptedException {
        for (int c = 0; c < connections; c++) {
            final int id = c;
            threads.add(Thread.ofVirtual().name("echo-" + c).start(() -> run(id)));
        }
        allOpen.await();
    }

    /** Ends every connection after its current exchange and returns the counts. */
    public Result stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join();
        }
        return snapshot();
    }

    public Result snapshot() {
        return new Result(connections, opened.sum(), failedToOpen.sum(), broken.sum(), resets.sum(), stalls.sum(),
                mismatches.sum(), exchanges.sum(), bytesVerified.sum(), closedCleanly.sum(),
                TimeUnit.NANOSECONDS.toMillis(slowestNanos.get()));
    }

    private void run(int id) {
        LockSupport.parkNanos((long) (intervalNanos * (id / (double) connections)));
        Socket socket = new Socket();
        long opening = System.nanoTime();
        try {
            socket.connect(target, 5_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MS);
        } catch (IOException e) {
            closeQuietly(socket);
            fail("open", e, opening);
            failedToOpen.increment();
            allOpen.countDown();
            return;
        }
        opened.increment();
        allOpen.countDown();
        long[] exchangeStarted = {opening};
        try (socket) {
            exchangeUntilStopped(id, socket.getInputStream(), socket.getOutputStream(), exchangeStarted);
            socket.shutdownOutput();
            if (socket.getInputStream().read() == -1) {
                closedCleanly.increment();
            }
        } catch (IOException e) {
            fail("exchange", e, exchangeStarted[0]);
            broken.increment();
            if (e instanceof SocketException && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
                resets.increment();
            }
        }
    }

    /** Exchanges until {@link #stop}; {@code started[0]} is when the exchange under way began (for its failure event). */
    private void exchangeUntilStopped(int id, InputStream in, OutputStream out, long[] started) throws IOException {
        SplittableRandom data = new SplittableRandom(id);
        byte[] sent = new byte[messageBytes];
        byte[] received = new byte[messageBytes];
        while (!stopped) {
            data.nextBytes(sent);
            long start = System.nanoTime();
            started[0] = start;
            out.write(sent);
            readFully(in, received);
            long took = System.nanoTime() - start;
            exchanges.increment();
            slowestNanos.accumulateAndGet(took, Math::max);
            if (took > stallNanos) {
                stalls.increment();
                events.add("stall", "slower_than_" + TimeUnit.NANOSECONDS.toMillis(stallNanos) + "ms", start);
            }
            int differing = differing(sent, received);
            mismatches.add(differing);
            bytesVerified.add(messageBytes - differing);
            LockSupport.parkNanos(intervalNanos);
        }
    }

    private void fail(String when, IOException e, long startedNanos) {
        String reason = when + ":" + HttpLoad.reason(e);
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
        events.add("failure", reason, startedNanos);
    }

    /** When each failure and stall happened, for {@link ClientEvents#lines}. */
    public ClientEvents events() {
        return events;
    }

    /** Why connections failed, by {@code open:reason} or {@code exchange:reason}. */
    public Map<String, Long> failures() {
        Map<String, Long> why = new TreeMap<>();
        failures.forEach((reason, count) -> why.put(reason, count.sum()));
        return why;
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        int at = 0;
        while (at < into.length) {
            int n = in.read(into, at, into.length - at);
            if (n < 0) {
                throw new EOFException("closed by the server after " + at + " of " + into.length + " bytes");
            }
            at += n;
        }
    }

    private static int differing(byte[] a, byte[] b) {
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                count++;
            }
        }
        return count;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Never connected: nothing to release.
        }
    }
}
