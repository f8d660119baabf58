package io.trunkline.fastpath.worker;

import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.bindings.dpdk.MbufArray;
import io.trunkline.fastpath.capture.CaptureTap;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.fate.DropReasons;
import io.trunkline.fastpath.fate.Fate;
import io.trunkline.fastpath.flow.FlowCache;
import io.trunkline.fastpath.flow.FlowPeek;
import io.trunkline.fastpath.host.HostServices;
import io.trunkline.fastpath.host.HostTraffic;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.fastpath.packet.Verdict;
import io.trunkline.fastpath.select.ActiveConnections;
import io.trunkline.fastpath.select.Selector;
import io.trunkline.fastpath.select.VipSelectors;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionTable;
import java.lang.foreign.Arena;
import org.agrona.concurrent.Agent;

/**
 * One poll-mode worker: one lcore, one rx/tx queue pair on each port, run to completion.
 * <pre>
 *   drain invalidations → read the forwarding table → for each port:
 *     rx burst → peek every frame, load its flow-cache slot → per packet:
 *       established lane (peeked, cached, DSR or NAT) → rewrite
 *       or the slow path: parse → VIP? → flow cache → session table (open) → select → rewrite or tunnel
 *                         └ no: host traffic (ARP, ND, BFD, own addresses) → reply in place / consume / to the kernel / drop
 *     → egress: tx burst, free, count
 *   → host duties (BFD timers; on queue 0: neighbour requests, the kernel's frames out) → every 64 cycles, expire idle sessions
 * </pre>
 * Every stage answers with the packet's {@link Fate}. Established flows are served from the per-worker
 * {@link FlowCache}; the Chronicle session table is read on a cache miss and written only when a session opens,
 * changes state or ends ({@link SessionLifetime}), each change also going to the replicator. A packet with no
 * session that does not open one (a flow begun on another dispatcher whose sync record has not arrived yet) takes
 * the consistent-hash choice every dispatcher makes. Fragments carry no ports: all fragments of a datagram go by the
 * consistent hash of their addresses alone, so they stay together without a session.
 * <p>
 * Nothing here allocates, locks or makes a system call per packet; the thread is the only writer of
 * everything the worker owns.
 */
public final class DispatchWorker implements Agent {
    public static final int BURST = 32;
    /** {@link #established}'s answer for a packet it leaves to the slow path. */
    private static final int NOT_ESTABLISHED = Integer.MIN_VALUE;
    private static final int INVALIDATIONS_PER_CYCLE = 256;
    private static final int EXPIRIES_PER_CYCLE = 64;
    private static final int TIMER_CYCLE_MASK = 63;

    private final WorkerResources.Control control;
    private final WorkerResources.Clocks clocks;
    private final int[] ports;
    private final int queue;
    private final WorkerCounters counters;
    private final CounterLayout layout;
    private final Arena arena = Arena.ofShared();
    private final CaptureTap capture = new CaptureTap();
    private final MbufArray rx;
    private final Mbuf mbuf = new Mbuf();
    private final PacketParser parser = new PacketParser();
    private final FlowCache cache;
    private final FlowPeek peek = new FlowPeek(BURST);
    private final VipSelectors selectors;
    private final SessionLifetime sessions;
    private final Rewrites rewrites;
    private final Egress egress;
    private final FlowKey key = new FlowKey();
    private final HostTraffic host;

    private ForwardingTable table;
    /** Tables taken so far, from 1: what a flow-cache slot remembers having been checked against ({@link FlowCache#tableEpoch}). */
    private int tableEpoch;
    private long now;
    private long cycles;

    /** A worker without BFD and without a neighbour table: it still answers ARP and ND for its own addresses. */
    public DispatchWorker(WorkerResources resources) {
        this(resources, HostServices.NONE);
    }

    /** @param hostServices BFD and the neighbour table's hook, for this worker's {@link HostTraffic} */
    public DispatchWorker(WorkerResources resources, HostServices hostServices) {
        this.control = resources.control();
        this.clocks = resources.clocks();
        this.ports = resources.ports().ids().clone();
        this.queue = resources.ports().queue();
        this.counters = resources.counting().counters();
        this.layout = resources.counting().layout();
        this.rx = new MbufArray(arena, BURST);
        int maxBackends = resources.sizes().maxBackends();
        this.cache = new FlowCache(arena, resources.sizes().flowCacheEntries(), 16, maxBackends);
        ActiveConnections connections = new ActiveConnections(maxBackends);
        this.selectors = new VipSelectors(connections);
        this.sessions = new SessionLifetime(arena, resources, cache, connections, selectors);
        this.rewrites = new Rewrites(resources.ports(), mbuf, parser, counters);
        this.egress = new Egress(arena, BURST, counters, layout);
        this.host = new HostTraffic(ports, resources.ports().macs(), queue, counters, layout, hostServices);
    }

    @Override
    public String roleName() {
        return "dispatch-worker-" + queue;
    }

    @Override
    public int doWork() {
        int work = control.invalidations().drain(cache, INVALIDATIONS_PER_CYCLE);
        takeTable(control.tables().current());
        now = clocks.nano().nanoTime();
        sessions.beginCycle(now);
        rewrites.beginCycle(now);
        for (int p = 0; p < ports.length; p++) {
            work += poll(p);
        }
        work += host.doWork(now);
        if ((++cycles & TIMER_CYCLE_MASK) == 0) {
            work += sessions.expire(EXPIRIES_PER_CYCLE);
        }
        counters.increment(CounterLayout.DUTY_CYCLES);
        if (work > 0) {
            counters.increment(CounterLayout.BUSY_CYCLES);
        }
        return work;
    }

    /** One burst of port index {@code p}: rx, the established lane or the slow path for each packet, egress. */
    private int poll(int p) {
        int received = EthDev.rxBurst(ports[p], queue, rx, BURST);
        if (received == 0) {
            return 0;
        }
        if (capture.wants(p)) {
            capture.copy(rx, received, now);
        }
        prefetchFlows(received);
        for (int i = 0; i < received; i++) {
            mbuf.wrap(rx.get(i));
            int rxLength = mbuf.dataLength();
            int fate = established(p, i);
            if (fate == NOT_ESTABLISHED) {
                fate = slowPath(p);
            }
            egress.take(mbuf, rxLength, fate);
        }
        egress.send(p, ports[p], queue, received);
        return received;
    }

    @Override
    public void onClose() {
        arena.close();
        capture.close();
    }

    /** What {@code trunkline capture} arms to copy the frames this worker receives. */
    public CaptureTap capture() {
        return capture;
    }

    /** Sessions this worker currently times out. */
    public int timedSessions() {
        return sessions.timed();
    }

    private void takeTable(ForwardingTable latest) {
        if (latest != table) {
            table = latest;
            // 0 is a slot's "never checked": skipped when the count wraps.
            tableEpoch = tableEpoch == -1 ? 1 : tableEpoch + 1;
            selectors.refresh(latest.selection());
            host.addresses(latest.ownAddresses());
            rewrites.table(latest);
        }
    }

    /**
     * The burst's first stage: the flow-cache slot of every packet is loaded before the first packet is
     * handled, so that the misses of the burst overlap (l3fwd's prefetch stage; Java has no prefetch
     * instruction, independent loads serve).
     */
    private void prefetchFlows(int received) {
        for (int i = 0; i < received; i++) {
            mbuf.wrap(rx.get(i));
            peek.peek(i, mbuf.dataAddress(), mbuf.dataLength());
        }
        cache.prefetch(peek.hashes(), received);
    }

    /**
     * The established-flow lane (l3fwd's fast path for the common case): a frame the burst's peek found
     * well formed, of a flow cached for a VIP the table still has, with nothing to change in its TCP state,
     * goes to its backend straight from the peek and its one cache lookup, without the VIP probe or the
     * session-key hash: by DSR with nothing more, by NAT after a parse that finds the header offsets and
     * checksum fields the rewrite patches (the peek guarantees the parse accepts the frame as the same flow).
     * A flow is checked against the forwarding table once per table (its slot remembers the
     * {@link #tableEpoch} it passed), not once per packet. Returns {@link #NOT_ESTABLISHED} for anything
     * else (a miss, a TCP state change, a tunnel VIP, a backend gone): {@link #slowPath} then takes the
     * packet from the start.
     */
    private int established(int p, int i) {
        if (!peek.accepted(i)) {
            return NOT_ESTABLISHED;
        }
        FlowKey flow = peek.key(i);
        int slot = cache.lookup(peek.hash(i), flow.clientHi(), flow.clientLo(), flow.vipHi(), flow.vipLo(), FlowCache.keyWord(flow));
        if (slot == FlowCache.MISS || flow.protocol() == Headers.PROTOCOL_TCP && SessionLifetime.changesTcpState(peek.tcpFlags(i), cache.state(slot))) {
            return NOT_ESTABLISHED;
        }
        int vip = cache.vipIndex(slot);
        int backend = cache.backendId(slot);
        if (cache.tableEpoch(slot) != tableEpoch) {
            if (!servedInLane(flow, vip, backend)) {
                return NOT_ESTABLISHED;
            }
            cache.tableEpoch(slot, tableEpoch);
        }
        boolean nat = table.mode(vip) == ForwardingMode.NAT;
        if (nat && !parser.parse(PacketParser.ALL_MEMORY, mbuf.dataAddress(), mbuf.dataLength()).isOk()) {
            return NOT_ESTABLISHED;
        }
        egress.cacheHits++;
        egress.laneHits++;
        cache.touch(slot, now);
        countForVip(vip, backend);
        if (nat) {
            return rewrites.toNatBackend(p, table.target(backend));
        }
        rewrites.readdress(p, mbuf.dataAddress(), table.backendMac(backend));
        return Fate.FORWARD;
    }

    /** Whether the current table still has the flow's VIP, forwards it by DSR or NAT (no tunnel) and knows its backend. */
    private boolean servedInLane(FlowKey flow, int vip, int backend) {
        ForwardingMode mode = table.mode(vip);
        return table.target(backend) != null && table.isVip(vip, flow.protocol(), flow.vipHi(), flow.vipLo(), flow.vipPort())
            && (mode == ForwardingMode.DSR || mode == ForwardingMode.NAT);
    }

    /** Parse, classify, find or open the flow's session and backend, rewrite: the packet's {@link Fate}. */
    private int slowPath(int p) {
        Verdict verdict = parser.parse(PacketParser.ALL_MEMORY, mbuf.dataAddress(), mbuf.dataLength());
        if (!verdict.isOk()) {
            return verdict == Verdict.UNSUPPORTED_ETHERTYPE ? host.notIp(p, mbuf, parser, now) : verdict.code();
        }
        if (parser.hasQuotedFlow()) {
            return forwardIcmpError(p);
        }
        int protocol = parser.protocol();
        boolean v6 = parser.ipVersion() == 6;
        long srcHigh = v6 ? parser.ipv6SourceHigh() : 0;
        long srcLow = v6 ? parser.ipv6SourceLow() : ForwardingTable.ipv4Low(parser.ipv4Source());
        long dstHigh = v6 ? parser.ipv6DestinationHigh() : 0;
        long dstLow = v6 ? parser.ipv6DestinationLow() : ForwardingTable.ipv4Low(parser.ipv4Destination());

        if (parser.isFragment()) {
            int vip = table.vipIndexAnyPort(protocol, dstHigh, dstLow);
            if (vip < 0) {
                return host.ip(p, mbuf, parser, now);
            }
            setKey(protocol, v6, srcHigh, srcLow, 0, dstHigh, dstLow, 0);
            int hash = key.hash();
            return forward(p, vip, selectors.consistentHash(vip, hash), hash);
        }
        int vip = table.vipIndex(protocol, dstHigh, dstLow, parser.destinationPort());
        if (vip < 0) {
            // A backend talking to the dispatcher itself (a health-check answer) is host traffic, not a NAT reply.
            int natVip = host.isForUs(p, parser) ? -1 : table.natReturnVip(protocol, srcHigh, srcLow, parser.sourcePort());
            return natVip >= 0 ? natReply(p, natVip) : host.ip(p, mbuf, parser, now);
        }
        setKey(protocol, v6, srcHigh, srcLow, parser.sourcePort(), dstHigh, dstLow, parser.destinationPort());
        int hash = key.hash();
        return forward(p, vip, backendOf(vip, hash, true), hash);
    }

    /** ICMP errors quoting a VIP flow go where that flow goes, so path-MTU discovery reaches the backend. */
    private int forwardIcmpError(int p) {
        boolean v6 = parser.ipVersion() == 6;
        int protocol = parser.quotedProtocol();
        long clientHigh = v6 ? parser.quotedSourceIpv6High() : 0;
        long clientLow = v6 ? parser.quotedSourceIpv6Low() : ForwardingTable.ipv4Low(parser.quotedSourceIpv4());
        long vipHigh = v6 ? parser.quotedDestinationIpv6High() : 0;
        long vipLow = v6 ? parser.quotedDestinationIpv6Low() : ForwardingTable.ipv4Low(parser.quotedDestinationIpv4());
        int vip = table.vipIndex(protocol, vipHigh, vipLow, parser.quotedDestinationPort());
        if (vip < 0) {
            return DropReasons.NOT_FOR_VIP;
        }
        setKey(protocol, v6, clientHigh, clientLow, parser.quotedSourcePort(), vipHigh, vipLow, parser.quotedDestinationPort());
        int hash = key.hash();
        return forward(p, vip, backendOf(vip, hash, false), hash);
    }

    private void setKey(int protocol, boolean v6, long srcHigh, long srcLow, int srcPort, long dstHigh, long dstLow, int dstPort) {
        if (v6) {
            key.ipv6(protocol, srcHigh, srcLow, srcPort, dstHigh, dstLow, dstPort);
        } else {
            key.ipv4(protocol, (int) srcLow, srcPort, (int) dstLow, dstPort);
        }
    }

    /**
     * The backend of the flow in {@link #key}: flow cache, then session table, then a new session if
     * this packet opens one ({@code mayOpen}: a TCP SYN or any other protocol's datagram), else the
     * consistent hash. Keeps the session's TCP state on the way.
     */
    private int backendOf(int vip, int hash, boolean mayOpen) {
        long keyWord = FlowCache.keyWord(key);
        int slotHash = FlowCache.hash(key);
        int slot = cache.lookup(slotHash, key.clientHi(), key.clientLo(), key.vipHi(), key.vipLo(), keyWord);
        if (slot != FlowCache.MISS) {
            egress.cacheHits++;
            cache.touch(slot, now);
        } else {
            counters.increment(CounterLayout.FLOW_CACHE_MISS);
            int looked = sessions.lookUpOrOpen(key, vip, hash, mayOpen && SessionLifetime.opensSession(parser.protocol(), parser.tcpFlags()));
            if (looked == SessionTable.DECLINED) {
                return Selector.NO_BACKEND;
            }
            if (looked != SessionTable.FOUND && looked != SessionTable.OPENED) {
                return selectors.consistentHash(vip, hash);
            }
            slot = cache.put(slotHash, key.clientHi(), key.clientLo(), key.vipHi(), key.vipLo(), keyWord, sessions.backend(), vip,
                    sessions.state(), now);
            if (looked == SessionTable.OPENED) {
                return sessions.backend();
            }
        }
        if (mayOpen && key.protocol() == Headers.PROTOCOL_TCP) {
            sessions.followTcpState(key, slot, parser.tcpFlags());
        }
        return cache.backendId(slot);
    }

    /** The packet to {@code backend} of VIP {@code vip}, or to another when the pool reassigns a lost one, or a reset. */
    private int forward(int p, int vip, int backend, int hash) {
        ForwardingTable.Target target = table.target(backend);
        if (target == null && table.reassigns(vip)) {
            backend = selectors.consistentHash(vip, hash);
            target = table.target(backend);
            if (target != null) {
                sessions.reassign(key, vip, backend);
            }
        }
        if (target == null) {
            return table.resets(vip) ? rewrites.reset() : DropReasons.NO_BACKEND;
        }
        countForVip(vip, backend);
        return rewrites.toBackend(p, vip, target, hash);
    }

    /** A NAT reply from a backend: back to the client from the VIP. */
    private int natReply(int p, int vip) {
        egress.burstCounters().addPacket(layout.vipPackets(vip), mbuf.dataLength());
        return rewrites.natReply(p, vip);
    }

    private void countForVip(int vip, int backend) {
        int length = mbuf.dataLength();
        egress.burstCounters().addPacket(layout.vipPackets(vip), length);
        egress.burstCounters().addPacket(layout.backendPackets(backend), length);
    }
}
