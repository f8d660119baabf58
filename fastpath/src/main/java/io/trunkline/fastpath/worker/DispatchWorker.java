package io.trunkline.fastpath.worker;

import io.trunkline.bindings.dpdk.EthDev;
import io.trunkline.bindings.dpdk.Mbuf;
import io.trunkline.bindings.dpdk.MbufArray;
import io.trunkline.bindings.dpdk.MbufPool;
import io.trunkline.fastpath.capture.CaptureTap;
import io.trunkline.fastpath.counters.BurstCounters;
import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.flow.FlowCache;
import io.trunkline.fastpath.flow.FlowPeek;
import io.trunkline.fastpath.host.HostServices;
import io.trunkline.fastpath.host.HostTraffic;
import io.trunkline.fastpath.host.OwnAddresses;
import io.trunkline.fastpath.packet.DsrRewriter;
import io.trunkline.fastpath.packet.GueEncapsulator;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.packet.IpIpEncapsulator;
import io.trunkline.fastpath.packet.NatRewriter;
import io.trunkline.fastpath.packet.PacketTooBigWriter;
import io.trunkline.fastpath.packet.PacketParser;
import io.trunkline.fastpath.packet.TcpResetWriter;
import io.trunkline.fastpath.packet.Verdict;
import io.trunkline.fastpath.select.ActiveConnections;
import io.trunkline.fastpath.select.Selector;
import io.trunkline.fastpath.select.VipSelectors;
import io.trunkline.fastpath.sync.HybridLogicalClock;
import io.trunkline.fastpath.timer.Timeouts;
import io.trunkline.fastpath.timer.TimerWheel;
import io.trunkline.fastpath.timer.TokenBucket;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionOpener;
import io.trunkline.store.SessionState;
import io.trunkline.store.SessionTable;
import java.lang.foreign.Arena;
import org.agrona.concurrent.Agent;

/**
 * One poll-mode worker: one lcore, one rx/tx queue pair on each port, run to completion.
 * <pre>
 *   drain invalidations → read the forwarding table → for each port:
 *     rx burst → peek every frame, load its flow-cache slot → per packet:
 *       established lane (peeked, cached, DSR) → rewrite
 *       or: parse → VIP? → flow cache → session table → select → rewrite
 *     → tx burst
 *                         └ no: host traffic (ARP, ND, BFD, own addresses) → reply in place / consume / to the kernel / drop
 *   → host duties (BFD timers; on queue 0: neighbour requests, the kernel's frames out) → every 64 cycles, expire idle sessions
 * </pre>
 * Established flows are served from the per-worker {@link FlowCache}; the Chronicle session table is
 * read on a cache miss and written only when a session opens, changes state or ends, each change also
 * going to the replicator through the {@code changes} queue. A packet with no session that does not
 * open one (a flow begun on another dispatcher whose sync record has not arrived yet) takes the
 * consistent-hash choice every dispatcher makes. Fragments carry no ports: all fragments of a datagram
 * go by the consistent hash of their addresses alone, so they stay together without a session.
 * <p>
 * Nothing here allocates, locks or makes a system call per packet; the thread is the only writer of
 * everything the worker owns.
 */
public final class DispatchWorker implements Agent, TimerWheel.ExpiryHandler {
    public static final int BURST = 32;
    private static final int FORWARD = HostTraffic.REPLY;
    /** {@link #forwardEstablished}'s answer for a packet it leaves to the full path. */
    private static final int NOT_ESTABLISHED = Integer.MIN_VALUE;
    private static final int INVALIDATIONS_PER_CYCLE = 256;
    private static final int EXPIRIES_PER_CYCLE = 64;
    private static final int TIMER_CYCLE_MASK = 63;
    private static final long NOT_READ = Long.MIN_VALUE;
    /** ICMP too-big answers a worker sends at most, per second and at once: Linux's defaults for the ICMP it originates. */
    static final int TOO_BIG_PER_SECOND = 1000;
    static final int TOO_BIG_BURST = 50;

    private final WorkerResources resources;
    private final int[] ports;
    private final int queue;
    private final WorkerCounters counters;
    private final CounterLayout layout;
    private final BurstCounters burstCounters;
    private final Timeouts timeouts;
    private final int originId;
    private final Arena arena = Arena.ofShared();
    private final CaptureTap capture = new CaptureTap();
    private final MbufArray rx;
    private final MbufArray tx;
    private final MbufArray dropped;
    private final Mbuf mbuf = new Mbuf();
    private final PacketParser parser = new PacketParser();
    private final DsrRewriter[] dsr;
    private final NatRewriter nat = new NatRewriter();
    private final TcpResetWriter resetWriter = new TcpResetWriter();
    private final PacketTooBigWriter tooBig = new PacketTooBigWriter();
    private final TokenBucket tooBigAnswers = new TokenBucket(TOO_BIG_PER_SECOND, TOO_BIG_BURST);
    private final FlowCache cache;
    private final FlowPeek peek = new FlowPeek(BURST);
    private final ActiveConnections connections;
    private final VipSelectors selectors;
    private final HybridLogicalClock hlc;
    private final TimerWheel timers;
    private final TimedSessions timed;
    private final FlowKey key = new FlowKey();
    private final SessionEntry entry = new SessionEntry();
    private final FlowKey expiredKey = new FlowKey();
    private final SessionEntry expiredEntry = new SessionEntry();
    private final HostTraffic host;
    private final SessionOpener opener = this::fillNewSession;

    private ForwardingTable table;
    /** Tables taken so far, from 1: what a flow-cache slot remembers having been checked against ({@link FlowCache#tableEpoch}). */
    private int tableEpoch;
    private IpIpEncapsulator ipip;
    private GueEncapsulator gue;
    private long now;
    private long nowMillis;
    private long cycles;
    private int openingVip;
    private int openingHash;
    private long burstHits;

    /** A worker without BFD and without a neighbour table: it still answers ARP and ND for its own addresses. */
    public DispatchWorker(WorkerResources resources) {
        this(resources, HostServices.NONE);
    }

    /** @param hostServices BFD and the neighbour table's hook, for this worker's {@link HostTraffic} */
    public DispatchWorker(WorkerResources resources, HostServices hostServices) {
        this.resources = resources;
        this.ports = resources.ports().clone();
        this.queue = resources.queue();
        this.counters = resources.counters();
        this.layout = resources.layout();
        // A packet counts for its VIP and its backend: two additions at most.
        this.burstCounters = new BurstCounters(counters, 2 * BURST);
        this.timeouts = resources.timeouts();
        this.originId = resources.originId();
        this.rx = new MbufArray(arena, BURST);
        this.tx = new MbufArray(arena, BURST);
        this.dropped = new MbufArray(arena, BURST);
        this.dsr = new DsrRewriter[ports.length];
        for (int p = 0; p < ports.length; p++) {
            dsr[p] = new DsrRewriter(resources.portMacs()[p]);
        }
        this.cache = new FlowCache(arena, resources.flowCacheEntries(), 16, resources.maxBackends());
        this.connections = new ActiveConnections(resources.maxBackends());
        this.selectors = new VipSelectors(connections);
        this.hlc = new HybridLogicalClock(resources.epochClock());
        this.now = resources.nanoClock().nanoTime();
        this.timers = new TimerWheel(1_000_000L, 4096, resources.timedSessions(), now);
        this.timed = new TimedSessions(arena, resources.timedSessions());
        this.host = new HostTraffic(ports, resources.portMacs(), queue, counters, layout, hostServices);
    }

    @Override
    public String roleName() {
        return "dispatch-worker-" + queue;
    }

    @Override
    public int doWork() {
        int work = resources.invalidations().drain(cache, INVALIDATIONS_PER_CYCLE);
        takeTable(resources.tables().current());
        now = resources.nanoClock().nanoTime();
        nowMillis = NOT_READ;
        for (int p = 0; p < ports.length; p++) {
            work += poll(p);
        }
        work += host.doWork(now);
        if ((++cycles & TIMER_CYCLE_MASK) == 0) {
            work += timers.poll(now, this, EXPIRIES_PER_CYCLE);
        }
        counters.increment(CounterLayout.DUTY_CYCLES);
        if (work > 0) {
            counters.increment(CounterLayout.BUSY_CYCLES);
        }
        return work;
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
        return timed.inUse();
    }

    private void takeTable(ForwardingTable latest) {
        if (latest != table) {
            table = latest;
            // 0 is a slot's "never checked": skipped when the count wraps.
            tableEpoch = tableEpoch == -1 ? 1 : tableEpoch + 1;
            selectors.refresh(latest.selection());
            host.addresses(latest.ownAddresses());
            ipip = new IpIpEncapsulator(latest.tunnelSource(), resources.mtu());
            gue = new GueEncapsulator(latest.tunnelSource(), resources.mtu());
        }
    }

    private int poll(int p) {
        int port = ports[p];
        int received = EthDev.rxBurst(port, queue, rx, BURST);
        if (received == 0) {
            return 0;
        }
        if (capture.wants(p)) {
            capture.copy(rx, received, now);
        }
        prefetchFlows(received);
        int toSend = 0;
        int toFree = 0;
        long rxBytes = 0;
        long txBytes = 0;
        for (int i = 0; i < received; i++) {
            long m = rx.get(i);
            mbuf.wrap(m);
            rxBytes += mbuf.dataLength();
            int drop = forwardEstablished(p, i);
            if (drop == NOT_ESTABLISHED) {
                drop = handle(p);
            }
            if (drop == FORWARD) {
                txBytes += mbuf.dataLength();
                tx.set(toSend++, m);
            } else if (drop >= 0) {
                counters.increment(layout.drops(drop));
                dropped.set(toFree++, m);
            } else if (drop == HostTraffic.CONSUMED) {
                dropped.set(toFree++, m);
            }
        }
        MbufPool.freeBulk(dropped, 0, toFree);
        int sent = EthDev.txBurst(port, queue, tx, 0, toSend);
        for (int i = sent; i < toSend; i++) {
            txBytes -= mbuf.wrap(tx.get(i)).dataLength();
        }
        // Port, VIP and backend counters once per burst, not per packet.
        burstCounters.flush();
        counters.add(layout.rxPackets(p), received);
        counters.add(layout.rxBytes(p), rxBytes);
        counters.add(layout.txPackets(p), sent);
        counters.add(layout.txBytes(p), txBytes);
        counters.add(layout.drops(DropReasons.TX_FULL), toSend - sent);
        counters.add(CounterLayout.FLOW_CACHE_HIT, burstHits);
        burstHits = 0;
        MbufPool.freeBulk(tx, sent, toSend - sent);
        return received;
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
     * goes to its backend by DSR straight from the peek, without the full parse or the VIP probe. A flow is
     * checked against the forwarding table once per table (its slot remembers the {@link #tableEpoch} it
     * passed), not once per packet. Returns {@link #NOT_ESTABLISHED} for anything else (a miss, a TCP state
     * change, another forwarding mode, a backend gone): {@link #handle} then takes the packet from the start.
     */
    private int forwardEstablished(int p, int i) {
        if (!peek.accepted(i)) {
            return NOT_ESTABLISHED;
        }
        FlowKey flow = peek.key(i);
        int slot = cache.lookup(peek.hash(i), flow.clientHi(), flow.clientLo(), flow.vipHi(), flow.vipLo(), FlowCache.keyWord(flow));
        if (slot == FlowCache.MISS || flow.protocol() == Headers.PROTOCOL_TCP && changesTcpState(i, slot)) {
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
        burstHits++;
        cache.touch(slot, now);
        int length = mbuf.dataLength();
        burstCounters.addPacket(layout.vipPackets(vip), length);
        burstCounters.addPacket(layout.backendPackets(backend), length);
        dsr[p].rewrite(PacketParser.ALL_MEMORY, mbuf.dataAddress(), table.backendMac(backend));
        return FORWARD;
    }

    /** Whether the current table still has the flow's VIP, forwards it by DSR and knows its backend. */
    private boolean servedInLane(FlowKey flow, int vip, int backend) {
        return table.target(backend) != null && table.isVip(vip, flow.protocol(), flow.vipHi(), flow.vipLo(), flow.vipPort())
            && table.mode(vip) == ForwardingMode.DSR;
    }

    /** Whether {@link #followTcpState} would act on frame {@code i}: a FIN or RST, or a handshake completing. */
    private boolean changesTcpState(int i, int slot) {
        return (peek.tcpFlags(i) & (Headers.Tcp.FIN | Headers.Tcp.RST)) != 0 || cache.state(slot) == SessionState.OPENING.code();
    }

    /** Rewrites the packet in {@link #mbuf} for its backend; returns {@link #FORWARD} or a drop reason. */
    private int handle(int p) {
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
            return natVip >= 0 ? natReply(p, natVip, v6) : host.ip(p, mbuf, parser, now);
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
            burstHits++;
            cache.touch(slot, now);
        } else {
            counters.increment(CounterLayout.FLOW_CACHE_MISS);
            int looked = lookUpOrOpen(vip, hash, mayOpen && opensSession());
            if (looked == SessionTable.OPENED) {
                return opened(vip, slotHash, keyWord);
            }
            if (looked != SessionTable.FOUND) {
                return looked == SessionTable.DECLINED ? Selector.NO_BACKEND : selectors.consistentHash(vip, hash);
            }
            slot = cache.put(slotHash, key.clientHi(), key.clientLo(), key.vipHi(), key.vipLo(), keyWord,
                    entry.backendId(), vip, entry.state().code(), now);
        }
        if (mayOpen && key.protocol() == Headers.PROTOCOL_TCP) {
            followTcpState(slot);
        }
        return cache.backendId(slot);
    }

    /**
     * The session table's answer for {@link #key}, into {@link #entry}: a packet that may open a session
     * looks up and inserts in one visit ({@link SessionTable#getOrOpen}); any other only reads.
     *
     * @return {@link SessionTable#FOUND}, {@link SessionTable#OPENED}, {@link SessionTable#DECLINED},
     *         {@link SessionTable#FULL} (counted), or -1: no session and none opened
     */
    private int lookUpOrOpen(int vip, int hash, boolean opens) {
        if (!opens) {
            return resources.sessions().get(key, entry) ? SessionTable.FOUND : -1;
        }
        openingVip = vip;
        openingHash = hash;
        int looked = resources.sessions().getOrOpen(key, entry, opener);
        if (looked == SessionTable.FULL) {
            counters.increment(CounterLayout.SESSION_TABLE_FULL);
        }
        return looked;
    }

    private boolean opensSession() {
        if (parser.protocol() != Headers.PROTOCOL_TCP) {
            return true;
        }
        int flags = parser.tcpFlags();
        return (flags & (Headers.Tcp.SYN | Headers.Tcp.ACK | Headers.Tcp.RST)) == Headers.Tcp.SYN;
    }

    /** The {@link SessionOpener} of {@link #lookUpOrOpen}: a new session on the VIP's choice of backend. */
    private boolean fillNewSession(FlowKey flow, SessionEntry fresh) {
        int backend = selectors.selectNew(openingVip, openingHash);
        if (backend == Selector.NO_BACKEND) {
            return false;
        }
        fresh.version(hlc.now()).createdMillis(wallMillis()).lastSeenMillis(wallMillis()).backendId(backend).originId(originId)
                .state(SessionState.OPENING);
        return true;
    }

    /** The session in {@link #entry} has just been stored: tell the peers, count it, cache it, time it. */
    private int opened(int vip, int slotHash, long keyWord) {
        int backend = entry.backendId();
        resources.changes().offerUpsert(key, entry);
        connections.opened(backend);
        counters.increment(CounterLayout.SESSIONS_NEW);
        cache.put(slotHash, key.clientHi(), key.clientLo(), key.vipHi(), key.vipLo(), keyWord, backend, vip,
                SessionState.OPENING.code(), now);
        scheduleTimeout(SessionState.OPENING);
        return backend;
    }

    /**
     * Wall-clock time of the sessions this cycle opens or changes: read at most once a cycle, and not at all
     * by a cycle of established flows only (a clock read costs what a packet does).
     */
    private long wallMillis() {
        if (nowMillis == NOT_READ) {
            nowMillis = resources.epochClock().time();
        }
        return nowMillis;
    }

    /** SYN → opening; the first segment without SYN → established; FIN or RST → closing (then linger). */
    private void followTcpState(int slot) {
        int flags = parser.tcpFlags();
        int state = cache.state(slot);
        if ((flags & (Headers.Tcp.FIN | Headers.Tcp.RST)) != 0 && state != SessionState.CLOSING.code()) {
            changeState(slot, SessionState.CLOSING);
        } else if (state == SessionState.OPENING.code() && (flags & Headers.Tcp.SYN) == 0) {
            changeState(slot, SessionState.ESTABLISHED);
        }
    }

    private void changeState(int slot, SessionState state) {
        cache.state(slot, state.code());
        if (!resources.sessions().get(key, entry)) {
            return;
        }
        boolean takesOwnership = entry.originId() != originId;
        entry.state(state).version(hlc.now()).originId(originId).lastSeenMillis(wallMillis());
        if (resources.sessions().applyIfNewer(key, entry)) {
            resources.changes().offerUpsert(key, entry);
            if (takesOwnership || state == SessionState.CLOSING) {
                scheduleTimeout(state);
            }
        }
    }

    private void scheduleTimeout(SessionState state) {
        int slot = timed.claim(key);
        if (slot == TimedSessions.NONE) {
            return;
        }
        long deadline = timeouts.idleDeadline(key.protocol(), state.code(), now);
        if (timers.schedule(deadline, slot) == TimerWheel.NULL_TIMER) {
            timed.release(slot);
        }
    }

    /**
     * A session's timer ran out. The session goes unless it was seen since (then the timer re-arms to
     * its new idle deadline) or another dispatcher has taken it over (then that one times it out).
     */
    @Override
    public long onExpiry(long timerId, long payload, long deadline, long nowNanos) {
        int slot = (int) payload;
        timed.read(slot, expiredKey);
        if (!resources.sessions().get(expiredKey, expiredEntry) || expiredEntry.originId() != originId) {
            timed.release(slot);
            return TimerWheel.NO_REARM;
        }
        int protocol = expiredKey.protocol();
        long keyWord = FlowCache.keyWord(expiredKey);
        int slotHash = FlowCache.hash(expiredKey);
        int cached = cache.lookup(slotHash, expiredKey.clientHi(), expiredKey.clientLo(), expiredKey.vipHi(), expiredKey.vipLo(), keyWord);
        int state = expiredEntry.state().code();
        if (cached != FlowCache.MISS) {
            long idleDeadline = timeouts.idleDeadline(protocol, state, cache.lastSeen(cached));
            if (idleDeadline > nowNanos) {
                return idleDeadline;
            }
            cache.invalidate(slotHash, expiredKey.clientHi(), expiredKey.clientLo(), expiredKey.vipHi(), expiredKey.vipLo(), keyWord);
        }
        if (resources.sessions().tombstoneIfNewer(expiredKey, hlc.now(), originId)) {
            resources.changes().offerRemove(expiredKey, hlc.current());
            connections.closed(expiredEntry.backendId());
            counters.increment(CounterLayout.SESSIONS_CLOSED);
        }
        timed.release(slot);
        return TimerWheel.NO_REARM;
    }

    private int forward(int p, int vip, int backend, int hash) {
        ForwardingTable.Target target = table.target(backend);
        if (target == null && table.reassigns(vip)) {
            backend = reassign(vip, hash);
            target = table.target(backend);
        }
        if (target == null) {
            return table.resets(vip) ? reset() : DropReasons.NO_BACKEND;
        }
        int length = mbuf.dataLength();
        burstCounters.addPacket(layout.vipPackets(vip), length);
        burstCounters.addPacket(layout.backendPackets(backend), length);
        return switch (table.mode(vip)) {
            case DSR -> {
                dsr[p].rewrite(parser, target.mac());
                yield FORWARD;
            }
            case NAT -> {
                int port = target.port() != 0 ? target.port() : parser.destinationPort();
                if (parser.ipVersion() == 6) {
                    nat.rewriteDestination(parser, target.addressHigh(), target.addressLow(), port);
                } else {
                    nat.rewriteDestination(parser, (int) target.addressLow(), port);
                }
                dsr[p].rewrite(parser, target.mac());
                yield FORWARD;
            }
            case IPIP, GUE -> !isIpv4(target) ? DropReasons.TUNNEL_FAMILY : tunnel(p, vip, target, hash);
        };
    }

    /**
     * The flow's backend is gone (down or disabled in a pool whose policy is reassign): the flow takes the
     * consistent-hash choice among the backends in service, and its session says so, here and at the peers.
     */
    private int reassign(int vip, int hash) {
        int backend = selectors.consistentHash(vip, hash);
        if (table.target(backend) == null || !resources.sessions().get(key, entry)) {
            return backend;
        }
        entry.backendId(backend).version(hlc.now()).originId(originId).lastSeenMillis(wallMillis());
        if (resources.sessions().applyIfNewer(key, entry)) {
            resources.changes().offerUpsert(key, entry);
            counters.increment(CounterLayout.SESSIONS_REASSIGNED);
            long keyWord = FlowCache.keyWord(key);
            cache.put(FlowCache.hash(key), key.clientHi(), key.clientLo(), key.vipHi(), key.vipLo(), keyWord, backend, vip,
                    entry.state().code(), now);
        }
        return backend;
    }

    /** Answers a TCP segment of a flow whose backend is gone with a reset to the client, out of the port it came in. */
    private int reset() {
        if (parser.protocol() != Headers.PROTOCOL_TCP || !parser.hasTransportHeader() || (parser.tcpFlags() & Headers.Tcp.RST) != 0) {
            return DropReasons.NO_BACKEND;
        }
        mbuf.length(resetWriter.rewrite(parser));
        counters.increment(CounterLayout.TCP_RESETS_SENT);
        return FORWARD;
    }

    private static boolean isIpv4(ForwardingTable.Target target) {
        return target.addressHigh() == 0 && (target.addressLow() >>> 32) == 0xFFFF;
    }

    private int tunnel(int p, int vip, ForwardingTable.Target target, int hash) {
        return switch (table.mode(vip)) {
            case IPIP -> encapsulated(p, ipip.encapsulate(parser, (int) target.addressLow(), mbuf.headroom()),
                    IpIpEncapsulator.OVERHEAD, target.mac());
            default -> encapsulated(p, gue.encapsulate(parser, (int) target.addressLow(), hash, mbuf.headroom()),
                    GueEncapsulator.OVERHEAD, target.mac());
        };
    }

    private int encapsulated(int p, Verdict verdict, int overhead, long nextHopMac) {
        if (verdict == Verdict.FRAGMENTATION_NEEDED && !parser.hasQuotedFlow()) {
            return answerTooBig(p, resources.mtu() - overhead);
        }
        if (!verdict.isOk()) {
            return verdict.code();
        }
        mbuf.adjustStart(-overhead);
        dsr[p].rewrite(PacketParser.ALL_MEMORY, mbuf.dataAddress(), nextHopMac);
        return FORWARD;
    }

    /**
     * Path-MTU discovery through a tunnel VIP (RFC 1191, RFC 8201): the packet may not be fragmented and does not fit
     * once encapsulated, so the client hears ICMP frag-needed / packet-too-big with the MTU that does fit, out of the
     * port the packet came in, within {@link #TOO_BIG_PER_SECOND}. The answer comes from the dispatcher's own address
     * on that port, as a router's does: the hop that cannot carry the packet is the dispatcher, not the service, and
     * the client's stack takes the MTU from the quoted packet whatever the source. Only a port without an own address
     * of the family answers from the VIP. An ICMP error never answers an ICMP error (RFC 1122 section 3.2.2).
     */
    private int answerTooBig(int p, int innerMtu) {
        if (!tooBigAnswers.take(now)) {
            return DropReasons.TOO_BIG_RATE_LIMIT;
        }
        OwnAddresses own = table.ownAddresses();
        int length;
        if (parser.ipVersion() == 4) {
            int source = own.firstIpv4(p);
            length = tooBig.rewriteIpv4(parser, source != 0 ? source : parser.ipv4Destination(), innerMtu);
        } else {
            boolean ownSource = own.hasIpv6(p);
            length = tooBig.rewriteIpv6(parser, ownSource ? own.firstIpv6High(p) : parser.ipv6DestinationHigh(),
                    ownSource ? own.firstIpv6Low(p) : parser.ipv6DestinationLow(), innerMtu, mbuf.dataLength() + mbuf.tailroom());
        }
        mbuf.length(length);
        counters.increment(CounterLayout.ICMP_TOO_BIG_SENT);
        return FORWARD;
    }

    /** A NAT reply from a backend: the source becomes the VIP again, and it goes to the router. */
    private int natReply(int p, int vip, boolean v6) {
        if (v6) {
            nat.rewriteSource(parser, table.vipHigh(vip), table.vipLow(vip), table.vipPort(vip));
        } else {
            nat.rewriteSource(parser, (int) table.vipLow(vip), table.vipPort(vip));
        }
        burstCounters.addPacket(layout.vipPackets(vip), mbuf.dataLength());
        dsr[p].rewrite(parser, table.gatewayMac(p, v6));
        return FORWARD;
    }
}
