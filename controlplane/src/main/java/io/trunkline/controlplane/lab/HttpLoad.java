package io.trunkline.controlplane.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Short HTTP requests, each on a new TCP connection (so each is a new session the dispatchers place),
 * counted by what the client saw: a {@code 200} with a backend's name is a success, tallied by that name;
 * anything else (refused, reset, timed out, another status) is a failure.
 */
public final class HttpLoad {
    private static final int CONNECT_TIMEOUT_MS = 3_000;
    private static final int READ_TIMEOUT_MS = 5_000;

    private final InetSocketAddress target;
    private final byte[] request;
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> byBackend = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong nextSlotNanos = new AtomicLong();
    private final ClientEvents events = new ClientEvents();
    private volatile boolean stopped;

    public HttpLoad(InetSocketAddress target) {
        this.target = target;
        String host = target.getAddress().getHostAddress();
        this.request = ("GET / HTTP/1.1\r\nHost: " + (host.contains(":") ? "[" + host + "]" : host)
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** What the client counted. */
    public record Result(long ok, long failed, Map<String, Long> byBackend, Map<String, Long> failures) {
        /** {@code requests_ok=N requests_failed=N} then a {@code backend NAME=N} line per backend. */
        public String summary() {
            StringBuilder text = new StringBuilder("requests_ok=" + ok + " requests_failed=" + failed);
            byBackend.forEach((name, count) -> text.append("\nbackend ").append(name).append('=').append(count));
            failures.forEach((why, count) -> text.append("\nfailure ").append(why).append('=').append(count));
            return text.toString();
        }
    }

    /**
     * Sends {@code requests} requests (0: until {@link #stop}), {@code concurrency} at a time, at most
     * {@code perSecond} a second (0: as fast as they complete); returns when all are answered.
     */
    public Result run(long requests, int concurrency, int perSecond) throws InterruptedException {
        long period = perSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / perSecond : 0;
        nextSlotNanos.set(System.nanoTime());
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                workers.execute(() -> {
                    while (!stopped && (requests == 0 || issued.incrementAndGet() <= requests)) {
                        pace(period);
                        once();
                    }
                });
            }
        }
        return snapshot();
    }

    public void stop() {
        stopped = true;
    }

    /** The counts so far (while running, for progress lines). */
    public Result snapshot() {
        Map<String, Long> backends = new TreeMap<>();
        byBackend.forEach((name, count) -> backends.put(name, count.sum()));
        Map<String, Long> why = new TreeMap<>();
        failures.forEach((reason, count) -> why.put(reason, count.sum()));
        return new Result(ok.sum(), failed.sum(), backends, why);
    }

    private void pace(long period) {
        if (period == 0) {
            return;
        }
        long slot = nextSlotNanos.getAndAdd(period);
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** When each failure happened, for {@link ClientEvents#lines}. */
    public ClientEvents events() {
        return events;
    }

    private void once() {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(target, CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int body = response.indexOf("\r\n\r\n");
            if (response.startsWith("HTTP/1.1 200") && body > 0 && body + 4 < response.length()) {
                ok.increment();
                byBackend.computeIfAbsent(response.substring(body + 4).strip(), name -> new LongAdder()).increment();
            } else {
                fail(response.isEmpty() ? "empty response" : "status " + response.lines().findFirst().orElse(""), started);
            }
        } catch (IOException e) {
            fail(reason(e), started);
        }
    }

    private void fail(String reason, long startedNanos) {
        failed.increment();
        failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
        events.add("failure", reason.replace(' ', '_'), startedNanos);
    }

    static String reason(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace(' ', '_').toLowerCase(java.util.Locale.ROOT);
    }
}
