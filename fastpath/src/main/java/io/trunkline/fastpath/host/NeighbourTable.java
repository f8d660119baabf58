package io.trunkline.fastpath.host;

import io.trunkline.fastpath.packet.IpAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * The MACs of every neighbour the dispatcher sends to (backends or their next hops, routers), resolved off
 * the fast path: the table asks the fast path to send ARP requests and neighbour solicitations
 * ({@link NeighbourRequests}) and learns the answers from what the workers observe ({@link NeighbourObservations}).
 * An Agrona agent, the single writer of its entries; any thread reads {@link #mac} and {@link #entries()}.
 * <pre>
 *   INCOMPLETE ── answer ──→ REACHABLE ── reachable time over ──→ PROBE ── answer ──→ REACHABLE
 *     │ probes unanswered        ↑                                  │ probes unanswered (MAC lost)
 *     ↓                          └──────────── answer ──────────────┤
 *   FAILED ── back-off over (1 s doubling up to 60 s) ──→ INCOMPLETE ←┘ (after FAILED)
 * </pre>
 * INCOMPLETE sends a broadcast request every retransmit interval, PROBE a unicast one to the known MAC
 * (which stays in use meanwhile). Any frame from the neighbour that shows its MAC confirms it. When a MAC is
 * learnt, changes or is lost, {@code onChange} runs on the table's thread: the daemon compiles and
 * publishes a new forwarding table.
 */
public final class NeighbourTable implements Agent {
    private static final int OBSERVATIONS_PER_CYCLE = 256;

    /** A neighbour to resolve: on worker port {@code port}, asked from the own address {@code source} of its family. */
    public record Target(int port, InetAddress address, InetAddress source) {
    }

    /** An entry's state (RFC 4861 section 7.3.2, without DELAY: the table probes when reachability runs out). */
    public enum State { INCOMPLETE, REACHABLE, PROBE, FAILED }

    /**
     * One neighbour as it stands.
     *
     * @param mac             its MAC, 0 while unknown
     * @param sinceChangeNanos time since the entry last changed state
     * @param requests        requests sent for it
     * @param failures        times resolution failed (INCOMPLETE or PROBE unanswered)
     */
    public record Status(int port, InetAddress address, State state, long mac, long sinceChangeNanos, long requests,
                         long failures) {
    }

    /**
     * Timers.
     *
     * @param retransmitNanos between two requests for one neighbour (RFC 4861 RetransTimer: 1 s)
     * @param probes          requests before the neighbour is given up (MAX_MULTICAST_SOLICIT: 3)
     * @param reachableNanos  how long an answer holds (REACHABLE_TIME: 30 s)
     * @param maxBackoffNanos longest wait before a failed neighbour is tried again
     */
    public record Timers(long retransmitNanos, int probes, long reachableNanos, long maxBackoffNanos) {
        public static final Timers DEFAULT = new Timers(TimeUnit.SECONDS.toNanos(1), 3, TimeUnit.SECONDS.toNanos(30),
                TimeUnit.SECONDS.toNanos(60));
    }

    private record Key(int port, long high, long low) {
    }

    private static final class Entry {
        final Target target;
        final boolean ipv6;
        final long high;
        final long low;
        final long sourceHigh;
        final long sourceLow;
        State state = State.INCOMPLETE;
        long mac;
        long deadline;
        long changedAt;
        int probesLeft;
        long backoff;
        long requests;
        long failures;

        Entry(Target target) {
            this.target = target;
            this.ipv6 = target.address() instanceof Inet6Address;
            this.high = IpAddresses.high(target.address());
            this.low = IpAddresses.low(target.address());
            this.sourceHigh = IpAddresses.high(target.source());
            this.sourceLow = IpAddresses.low(target.source());
        }
    }

    private final NeighbourRequests requests;
    private final NeighbourObservations observations;
    private final NanoClock clock;
    private final Timers timers;
    private final Runnable onChange;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private final Map<InetAddress, Long> macs = new ConcurrentHashMap<>();
    private volatile List<Status> published = List.of();
    private volatile Collection<Target> wanted = List.of();
    private Collection<Target> applied = List.of();
    private boolean changed;
    private boolean statusChanged;

    public NeighbourTable(NeighbourRequests requests, NeighbourObservations observations, NanoClock clock, Timers timers,
                          Runnable onChange) {
        this.requests = requests;
        this.observations = observations;
        this.clock = clock;
        this.timers = timers;
        this.onChange = onChange;
    }

    /** The neighbours to resolve from now on (any thread); the table adds and drops entries in its next duty cycle. */
    public void targets(Collection<Target> targets) {
        wanted = List.copyOf(targets);
    }

    /** The MAC of {@code address} on any port, when known. Any thread. */
    public OptionalLong mac(InetAddress address) {
        Long mac = macs.get(address);
        return mac == null ? OptionalLong.empty() : OptionalLong.of(mac);
    }

    /** Every entry, by port and address. Any thread. */
    public List<Status> entries() {
        long now = clock.nanoTime();
        return published.stream().map(s -> new Status(s.port(), s.address(), s.state(), s.mac(), now - s.sinceChangeNanos(),
                s.requests(), s.failures())).toList();
    }

    @Override
    public String roleName() {
        return "neighbour-table";
    }

    @Override
    public int doWork() {
        long now = clock.nanoTime();
        int work = applyTargets(now);
        work += observations.drain(this::observe, OBSERVATIONS_PER_CYCLE);
        for (Entry entry : entries.values()) {
            if (now - entry.deadline >= 0) {
                work += expire(entry, now);
            }
        }
        if (statusChanged) {
            publish();
        }
        if (changed) {
            changed = false;
            onChange.run();
        }
        return work;
    }

    private int applyTargets(long now) {
        Collection<Target> targets = wanted;
        if (targets == applied) {
            return 0;
        }
        applied = targets;
        Map<Key, Target> byKey = new LinkedHashMap<>();
        targets.forEach(t -> byKey.put(new Key(t.port(), IpAddresses.high(t.address()), IpAddresses.low(t.address())), t));
        entries.entrySet().removeIf(e -> {
            boolean gone = !byKey.containsKey(e.getKey());
            changed |= gone && e.getValue().mac != 0;
            return gone;
        });
        byKey.forEach((key, target) -> entries.computeIfAbsent(key, k -> {
            Entry entry = new Entry(target);
            entry.probesLeft = timers.probes();
            entry.deadline = now;
            entry.changedAt = now;
            return entry;
        }));
        statusChanged = true;
        return 1;
    }

    private void observe(int port, boolean ipv6, long high, long low, long mac) {
        Entry entry = entries.get(new Key(port, ipv6 ? high : 0, ipv6 ? low : IpAddresses.ipv4Mapped((int) low)));
        if (entry == null || mac == 0) {
            return;
        }
        long now = clock.nanoTime();
        if (entry.mac != mac) {
            entry.mac = mac;
            changed = true;
        }
        if (entry.state != State.REACHABLE) {
            move(entry, State.REACHABLE, now);
        }
        entry.backoff = 0;
        entry.deadline = now + timers.reachableNanos();
    }

    private int expire(Entry entry, long now) {
        switch (entry.state) {
            case REACHABLE -> {
                move(entry, State.PROBE, now);
                entry.probesLeft = timers.probes();
                entry.deadline = now;
                return 1;
            }
            case INCOMPLETE, PROBE -> {
                if (entry.probesLeft > 0) {
                    return ask(entry, now);
                }
                fail(entry, now);
                return 1;
            }
            case FAILED -> {
                move(entry, State.INCOMPLETE, now);
                entry.probesLeft = timers.probes();
                entry.deadline = now;
                return 1;
            }
        }
        return 0;
    }

    private int ask(Entry entry, long now) {
        long destination = entry.state == State.PROBE ? entry.mac : 0;
        boolean v6 = entry.ipv6;
        if (!requests.request(entry.target.port(), v6, v6 ? entry.high : 0, v6 ? entry.low : entry.low & 0xFFFF_FFFFL,
                v6 ? entry.sourceHigh : 0, v6 ? entry.sourceLow : entry.sourceLow & 0xFFFF_FFFFL, destination)) {
            return 0;
        }
        entry.probesLeft--;
        entry.requests++;
        entry.deadline = now + timers.retransmitNanos();
        statusChanged = true;
        return 1;
    }

    private void fail(Entry entry, long now) {
        entry.failures++;
        if (entry.mac != 0) {
            entry.mac = 0;
            changed = true;
        }
        entry.backoff = Math.min(timers.maxBackoffNanos(), entry.backoff == 0 ? timers.retransmitNanos() : entry.backoff * 2);
        entry.deadline = now + entry.backoff;
        move(entry, State.FAILED, now);
    }

    private void move(Entry entry, State state, long now) {
        entry.state = state;
        entry.changedAt = now;
        statusChanged = true;
    }

    private void publish() {
        statusChanged = false;
        List<Status> statuses = new ArrayList<>();
        Map<InetAddress, Long> known = new HashMap<>();
        for (Entry e : entries.values()) {
            statuses.add(new Status(e.target.port(), e.target.address(), e.state, e.mac, e.changedAt, e.requests, e.failures));
            if (e.mac != 0) {
                known.put(e.target.address(), e.mac);
            }
        }
        statuses.sort(Comparator.comparingInt(Status::port).thenComparing(s -> s.address().getHostAddress()));
        macs.keySet().retainAll(known.keySet());
        macs.putAll(known);
        published = List.copyOf(statuses);
    }

}
