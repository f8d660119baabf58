package io.trunkline.fastpath.bfd;

import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.bindings.dpdk.MbufArray;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.bindings.dpdk.Ring;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.fate.Fate;
import io.trunkline.fastpath.host.BfdEndpoint;
import io.trunkline.fastpath.host.OwnFrameSender;
import io.trunkline.fastpath.packet.Checksums;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.fastpath.packet.Verdict;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The dispatcher's BFD (RFC 5880 asynchronous mode, RFC 5881 single hop), answered by the fast path so
 * that a dead or stalled fast path is exactly what the router detects.
 * <p>
 * Threads: all sessions live in one worker, the one the daemon gives {@link #owner()} (by rule the worker
 * that owns queue 0): single writer, no locks. Every other worker gets {@link #forwarder()}: BFD frames RSS
 * spreads to its queue go to the owner through a multi-producer, single-consumer DPDK ring of mbufs, and
 * the owner handles them in its next duty cycle. Periodic packets come from the owner's duty cycle: an
 * mbuf from {@code pool}, a frame built in it, a one-packet tx burst on the owner's queue; nothing is
 * allocated per packet. The daemon calls {@link #ready} and reads {@link #sessions()} from its own threads.
 * <p>
 * Sessions start AdminDown and stay there until {@code ready(true)}; {@code ready(false)} takes them to
 * AdminDown with diagnostic 7, which the router sees as the session going down by our choice, not as a
 * failure. Call {@link #owner()} and {@link #forwarder()} before starting the workers.
 */
public final class Bfd implements AutoCloseable {
    /** Hand-off slots: BFD is a few packets per second per router, far below this. */
    static final int HAND_OFF_SLOTS = 1024;
    private static final int HAND_OFF_BURST = 32;
    /** rte_ring flag: one consumer (the owner), many producers (the other workers). */
    private static final int RING_F_SC_DEQ = 0x0002;

    private final BfdSession[] sessions;
    private final BfdPath[] paths;
    private final MbufPool pool;
    private final Ring handOff;
    private volatile boolean ready;
    private boolean ownerTaken;
    private boolean forwarders;

    private Bfd(BfdConfig config, MbufPool pool, Ring handOff, long seed) {
        this.pool = pool;
        this.handOff = handOff;
        SplittableRandom random = new SplittableRandom(seed);
        Set<Integer> discriminators = new HashSet<>();
        List<BfdSession> list = new ArrayList<>();
        for (BfdPeer peer : config.peers()) {
            int discriminator;
            do {
                discriminator = random.nextInt();
            } while (discriminator == 0 || !discriminators.add(discriminator));
            list.add(new BfdSession(peer, config, discriminator, 49152 + random.nextInt(16384), random.nextLong()));
        }
        sessions = list.toArray(BfdSession[]::new);
        paths = list.stream().map(s -> new BfdPath(s.peer())).toArray(BfdPath[]::new);
    }

    /**
     * BFD for the configured peers, sending from {@code pool}. Discriminators are random (RFC 5880 section
     * 6.8.1 advises it), so a restarted dispatcher is a new session to the router.
     *
     * @param name a name for the hand-off ring, unique in the process (DPDK names rings globally)
     */
    public static Bfd create(String name, BfdConfig config, MbufPool pool) {
        Ring ring = Ring.create("bfd-" + name, HAND_OFF_SLOTS, 0, RING_F_SC_DEQ);
        return new Bfd(config, pool, ring, new SecureRandom().nextLong());
    }

    /**
     * The control plane's word: true when the dispatcher is ready (its session-table snapshot applied),
     * false on drain and shutdown. Any thread; the owner applies it in its next duty cycle.
     */
    public void ready(boolean isReady) {
        ready = isReady;
    }

    public boolean isReady() {
        return ready;
    }

    /** Every session as it stands; any thread. */
    public List<BfdSessionStatus> sessions() {
        List<BfdSessionStatus> statuses = new ArrayList<>(sessions.length);
        for (BfdSession session : sessions) {
            statuses.add(session.status());
        }
        return statuses;
    }

    /**
     * After {@code ready(false)}: true once every session has told its router it is AdminDown (or has no
     * router talking to it). The daemon waits for this before it stops the workers, so routers take the
     * dispatcher out because it said so, not because it went silent.
     */
    public boolean adminDownAnnounced() {
        for (BfdSession session : sessions) {
            BfdSessionStatus status = session.status();
            if (status.state() != BfdState.ADMIN_DOWN || status.remoteDiscriminator() != 0 && !status.adminDownSent()) {
                return false;
            }
        }
        return true;
    }

    /** The endpoint of the one worker that runs the sessions. Once. */
    public synchronized BfdEndpoint owner() {
        if (ownerTaken) {
            throw new IllegalStateException("BFD already has its owner worker: sessions have a single writer");
        }
        ownerTaken = true;
        return new Owner();
    }

    /** The endpoint of every other worker: hands BFD frames to the owner. */
    public synchronized BfdEndpoint forwarder() {
        forwarders = true;
        return new Forwarder();
    }

    @Override
    public void close() {
        MbufArray one = new MbufArray(Arena.ofAuto(), 1);
        while (handOff.dequeueBurst(one, 1) == 1) {
            MbufPool.free(one.get(0));
        }
        handOff.close();
    }

    /** Runs the sessions on its worker's thread. */
    private final class Owner implements BfdEndpoint {
        private final Arena arena = Arena.ofAuto();
        private final MbufArray handed = new MbufArray(arena, HAND_OFF_BURST);
        private final OwnFrameSender out = new OwnFrameSender(pool, CounterLayout.BFD_TX, CounterLayout.BFD_TX_FAILED);
        private final Mbuf received = new Mbuf();
        private final PacketParser handedParser = new PacketParser();
        private final BfdControlPacket packet = new BfdControlPacket();
        private final BfdFrames frames = new BfdFrames();
        private final MemorySegment scratch = arena.allocate(BfdFrames.IPV6_FRAME);
        private int[] ports;
        private long[] portMacs;
        private WorkerCounters counters;
        private CounterLayout layout;
        private boolean enabled;

        @Override
        public void attach(int[] workerPorts, long[] workerPortMacs, int workerQueue, WorkerCounters workerCounters,
                           CounterLayout counterLayout) {
            for (BfdSession session : sessions) {
                if (session.peer().port() >= workerPorts.length) {
                    throw new IllegalArgumentException("BFD peer " + session.peer().address().getHostAddress() + " is on port index "
                            + session.peer().port() + " but the worker has " + workerPorts.length + " ports");
                }
            }
            ports = workerPorts.clone();
            portMacs = workerPortMacs.clone();
            counters = workerCounters;
            layout = counterLayout;
            out.attach(workerPorts, workerQueue, workerCounters, counterLayout);
        }

        @Override
        public int receive(int p, Mbuf mbuf, PacketParser parser, long nowNanos) {
            applyReadiness();
            if (parser.ttl() != BfdFrames.TTL) {
                return DropReasons.BFD_TTL;
            }
            if (!Checksums.transportChecksumValid(parser)) {
                return DropReasons.BFD_MALFORMED;
            }
            packet.wrap(parser.segment(), parser.base() + parser.l4Offset() + Headers.Udp.LENGTH);
            int check = packet.check(parser.transportLength() - Headers.Udp.LENGTH);
            if (check != BfdControlPacket.VALID) {
                return check == BfdControlPacket.AUTHENTICATED ? DropReasons.BFD_AUTH : DropReasons.BFD_MALFORMED;
            }
            int s = sessionOf(p, parser, packet.yourDiscriminator());
            if (s < 0) {
                return DropReasons.BFD_NO_SESSION;
            }
            BfdSession session = sessions[s];
            BfdState before = session.state();
            paths[s].learn(parser);
            session.receive(packet, nowNanos);
            counters.increment(layout.host(CounterLayout.BFD_RX));
            countTransition(before, session.state());
            return Fate.CONSUMED;
        }

        /** Section 6.8.6 demultiplexing: by Your Discriminator when set, else by link and source address. */
        private int sessionOf(int p, PacketParser parser, int yourDiscriminator) {
            for (int s = 0; s < sessions.length; s++) {
                BfdSession session = sessions[s];
                boolean selected = yourDiscriminator == 0 || session.localDiscriminator() == yourDiscriminator;
                if (selected && session.peer().port() == p && paths[s].isFrom(parser) && parser.vlanCount() == 0) {
                    return s;
                }
            }
            return -1;
        }

        @Override
        public int doWork(long nowNanos) {
            int work = forwarders ? drainHandOff(nowNanos) : 0;
            applyReadiness();
            for (int s = 0; s < sessions.length; s++) {
                BfdSession session = sessions[s];
                BfdState before = session.state();
                boolean due = session.due(nowNanos);
                countTransition(before, session.state());
                if (due) {
                    send(s, nowNanos);
                    work++;
                }
            }
            return work;
        }

        private void applyReadiness() {
            boolean wanted = ready;
            if (wanted == enabled) {
                return;
            }
            enabled = wanted;
            for (BfdSession session : sessions) {
                BfdState before = session.state();
                if (wanted) {
                    session.enable();
                } else {
                    session.adminDown();
                }
                countTransition(before, session.state());
            }
        }

        private int drainHandOff(long nowNanos) {
            int count = handOff.dequeueBurst(handed, HAND_OFF_BURST);
            for (int i = 0; i < count; i++) {
                long m = handed.get(i);
                received.wrap(m);
                int result = handedReceive(nowNanos);
                if (result >= 0) {
                    counters.increment(layout.drops(result));
                }
                MbufPool.free(m);
            }
            return count;
        }

        private int handedReceive(long nowNanos) {
            int p = portIndex(received.port());
            Verdict verdict = handedParser.parse(PacketParser.ALL_MEMORY, received.dataAddress(), received.dataLength());
            if (p < 0 || !verdict.isOk()) {
                return DropReasons.BFD_MALFORMED;
            }
            return receive(p, received, handedParser, nowNanos);
        }

        private int portIndex(int portId) {
            for (int p = 0; p < ports.length; p++) {
                if (ports[p] == portId) {
                    return p;
                }
            }
            return -1;
        }

        private void send(int s, long nowNanos) {
            BfdSession session = sessions[s];
            int p = session.peer().port();
            long address = out.claim(p);
            if (address == 0) {
                // The packet is lost, not retried every cycle: the session moves on as if it had gone.
                frames.write(scratch, 0, session, paths[s], portMacs[p], nowNanos);
                return;
            }
            out.send(frames.write(PacketParser.ALL_MEMORY, address, session, paths[s], portMacs[p], nowNanos));
        }

        private void countTransition(BfdState before, BfdState after) {
            if (before != BfdState.UP && after == BfdState.UP) {
                counters.increment(layout.host(CounterLayout.BFD_SESSION_UP));
            } else if (before == BfdState.UP && after != BfdState.UP) {
                counters.increment(layout.host(CounterLayout.BFD_SESSION_DOWN));
            }
        }
    }

    /** Hands BFD frames from another worker to the owner. */
    private final class Forwarder implements BfdEndpoint {
        private final MbufArray one = new MbufArray(Arena.ofAuto(), 1);
        private WorkerCounters counters;
        private CounterLayout layout;

        @Override
        public void attach(int[] ports, long[] portMacs, int queue, WorkerCounters workerCounters, CounterLayout counterLayout) {
            counters = workerCounters;
            layout = counterLayout;
        }

        @Override
        public int receive(int p, Mbuf mbuf, PacketParser parser, long nowNanos) {
            one.set(0, mbuf.address());
            if (handOff.enqueueBurst(one, 1) != 1) {
                return DropReasons.BFD_HANDOFF_FULL;
            }
            counters.increment(layout.host(CounterLayout.BFD_HANDED_OFF));
            return Fate.HANDED_OFF;
        }

        @Override
        public int doWork(long nowNanos) {
            return 0;
        }
    }
}
