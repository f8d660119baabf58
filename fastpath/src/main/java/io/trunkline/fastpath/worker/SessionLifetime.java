package io.trunkline.fastpath.worker;

import io.trunkline.fastpath.counters.CounterLayout;
import io.trunkline.fastpath.counters.WorkerCounters;
import io.trunkline.fastpath.flow.FlowCache;
import io.trunkline.fastpath.packet.Headers;
import io.trunkline.fastpath.select.ActiveConnections;
import io.trunkline.fastpath.select.Selector;
import io.trunkline.fastpath.select.VipSelectors;
import io.trunkline.fastpath.sync.HybridLogicalClock;
import io.trunkline.fastpath.timer.TimerWheel;
import io.trunkline.store.FlowKey;
import io.trunkline.store.SessionEntry;
import io.trunkline.store.SessionOpener;
import io.trunkline.store.SessionState;
import io.trunkline.store.SessionTable;
import java.lang.foreign.Arena;
import org.agrona.concurrent.EpochClock;

/**
 * A worker's sessions from open to end: opening one on its VIP's choice of backend, following its TCP state,
 * moving it when its backend is lost, timing it out. Every change is written to the session table (versioned by
 * the hybrid logical clock, stamped with this dispatcher's origin) and offered to the replicator; the flow cache
 * slot keeps the state the lane needs.
 * <pre>
 *   SYN (or a first datagram) ─→ OPENING ─ a segment without SYN ─→ ESTABLISHED
 *                                   └──────── FIN or RST ───────────────┴─→ CLOSING ─ linger ─→ gone
 *   idle past its state's timeout (Timeouts) ─→ gone, unless seen since (the timer re-arms) or taken over by a peer
 * </pre>
 * Timers re-arm lazily: the packet path only touches the cache slot's last-seen time, and an expiring timer looks
 * at it. Worker thread only; allocation-free.
 */
final class SessionLifetime implements TimerWheel.ExpiryHandler {
    /** {@link #lookUpOrOpen}'s answer when there is no session and the packet opened none. */
    static final int NOT_FOUND = -1;
    private static final long NOT_READ = Long.MIN_VALUE;

    private final SessionTable table;
    private final WorkerResources.Sessions resources;
    private final EpochClock epochClock;
    private final FlowCache cache;
    private final ActiveConnections connections;
    private final VipSelectors selectors;
    private final WorkerCounters counters;
    private final HybridLogicalClock hlc;
    private final TimerWheel timers;
    private final TimedSessions timed;
    private final SessionEntry entry = new SessionEntry();
    private final FlowKey expiredKey = new FlowKey();
    private final SessionEntry expiredEntry = new SessionEntry();
    private final SessionOpener opener = this::fillNewSession;
    private long now;
    private long nowMillis;
    private int openingVip;
    private int openingHash;

    SessionLifetime(Arena arena, WorkerResources resources, FlowCache cache, ActiveConnections connections, VipSelectors selectors) {
        this.resources = resources.sessions();
        this.table = this.resources.table();
        this.epochClock = resources.clocks().epoch();
        this.cache = cache;
        this.connections = connections;
        this.selectors = selectors;
        this.counters = resources.counting().counters();
        this.hlc = new HybridLogicalClock(epochClock);
        this.now = resources.clocks().nano().nanoTime();
        this.timers = new TimerWheel(1_000_000L, 4096, resources.sizes().timedSessions(), now);
        this.timed = new TimedSessions(arena, resources.sizes().timedSessions());
    }

    /** The duty cycle's time; the wall clock is read again, at most once, only if a session changes. */
    void beginCycle(long nowNanos) {
        now = nowNanos;
        nowMillis = NOT_READ;
    }

    /** Sessions timed out now, at most {@code limit}; returns how many timers ran. */
    int expire(int limit) {
        return timers.poll(now, this, limit);
    }

    /** Sessions this worker currently times out. */
    int timed() {
        return timed.inUse();
    }

    /** Whether a TCP segment with {@code tcpFlags} changes the state of a flow cached in {@code cachedState}: {@link #followTcpState} would act. */
    static boolean changesTcpState(int tcpFlags, int cachedState) {
        return (tcpFlags & (Headers.Tcp.FIN | Headers.Tcp.RST)) != 0 || cachedState == SessionState.OPENING.code();
    }

    /** Whether a packet may open a session: any datagram that is not TCP, a TCP SYN without ACK or RST. */
    static boolean opensSession(int protocol, int tcpFlags) {
        return protocol != Headers.PROTOCOL_TCP
                || (tcpFlags & (Headers.Tcp.SYN | Headers.Tcp.ACK | Headers.Tcp.RST)) == Headers.Tcp.SYN;
    }

    /**
     * The session table's answer for {@code key}: a packet that may open a session looks up and inserts in one
     * visit ({@link SessionTable#getOrOpen}, the backend the VIP's selector's choice for {@code hash}); any other
     * only reads. A found or opened session's backend and state are then {@link #backend()} and {@link #state()}.
     *
     * @return {@link SessionTable#FOUND}, {@link SessionTable#OPENED} (announced, counted, timed), {@link SessionTable#DECLINED},
     *         {@link SessionTable#FULL} (counted), or {@link #NOT_FOUND}
     */
    int lookUpOrOpen(FlowKey key, int vip, int hash, boolean opens) {
        if (!opens) {
            return table.get(key, entry) ? SessionTable.FOUND : NOT_FOUND;
        }
        openingVip = vip;
        openingHash = hash;
        int looked = table.getOrOpen(key, entry, opener);
        if (looked == SessionTable.OPENED) {
            resources.changes().offerUpsert(key, entry);
            connections.opened(entry.backendId());
            counters.increment(CounterLayout.SESSIONS_NEW);
            scheduleTimeout(key, SessionState.OPENING);
        } else if (looked == SessionTable.FULL) {
            counters.increment(CounterLayout.SESSION_TABLE_FULL);
        }
        return looked;
    }

    /** The backend of the session {@link #lookUpOrOpen} found or opened. */
    int backend() {
        return entry.backendId();
    }

    /** The state code of the session {@link #lookUpOrOpen} found or opened. */
    int state() {
        return entry.state().code();
    }

    /** The {@link SessionOpener} of {@link #lookUpOrOpen}: a new session on the VIP's choice of backend. */
    private boolean fillNewSession(FlowKey flow, SessionEntry fresh) {
        int backend = selectors.selectNew(openingVip, openingHash);
        if (backend == Selector.NO_BACKEND) {
            return false;
        }
        fresh.version(hlc.now()).createdMillis(wallMillis()).lastSeenMillis(wallMillis()).backendId(backend).originId(resources.originId())
                .state(SessionState.OPENING);
        return true;
    }

    /** SYN → opening; the first segment without SYN → established; FIN or RST → closing (then linger). */
    void followTcpState(FlowKey key, int slot, int tcpFlags) {
        int state = cache.state(slot);
        if ((tcpFlags & (Headers.Tcp.FIN | Headers.Tcp.RST)) != 0 && state != SessionState.CLOSING.code()) {
            changeState(key, slot, SessionState.CLOSING);
        } else if (state == SessionState.OPENING.code() && (tcpFlags & Headers.Tcp.SYN) == 0) {
            changeState(key, slot, SessionState.ESTABLISHED);
        }
    }

    private void changeState(FlowKey key, int slot, SessionState state) {
        cache.state(slot, state.code());
        if (!table.get(key, entry)) {
            return;
        }
        boolean takesOwnership = entry.originId() != resources.originId();
        entry.state(state).version(hlc.now()).originId(resources.originId()).lastSeenMillis(wallMillis());
        if (table.applyIfNewer(key, entry)) {
            resources.changes().offerUpsert(key, entry);
            if (takesOwnership || state == SessionState.CLOSING) {
                scheduleTimeout(key, state);
            }
        }
    }

    /**
     * The flow's backend is gone (down or disabled in a pool whose policy is reassign) and it moves to {@code backend}:
     * its session says so, here and at the peers, and its cache slot follows.
     */
    void reassign(FlowKey key, int vip, int backend) {
        if (!table.get(key, entry)) {
            return;
        }
        entry.backendId(backend).version(hlc.now()).originId(resources.originId()).lastSeenMillis(wallMillis());
        if (table.applyIfNewer(key, entry)) {
            resources.changes().offerUpsert(key, entry);
            counters.increment(CounterLayout.SESSIONS_REASSIGNED);
            cache.put(FlowCache.hash(key), key.clientHi(), key.clientLo(), key.vipHi(), key.vipLo(), FlowCache.keyWord(key), backend, vip,
                    entry.state().code(), now);
        }
    }

    private void scheduleTimeout(FlowKey key, SessionState state) {
        int slot = timed.claim(key);
        if (slot == TimedSessions.NONE) {
            return;
        }
        long deadline = resources.timeouts().idleDeadline(key.protocol(), state.code(), now);
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
        int originId = resources.originId();
        if (!table.get(expiredKey, expiredEntry) || expiredEntry.originId() != originId) {
            timed.release(slot);
            return TimerWheel.NO_REARM;
        }
        long keyWord = FlowCache.keyWord(expiredKey);
        int slotHash = FlowCache.hash(expiredKey);
        int cached = cache.lookup(slotHash, expiredKey.clientHi(), expiredKey.clientLo(), expiredKey.vipHi(), expiredKey.vipLo(), keyWord);
        if (cached != FlowCache.MISS) {
            long idleDeadline = resources.timeouts().idleDeadline(expiredKey.protocol(), expiredEntry.state().code(), cache.lastSeen(cached));
            if (idleDeadline > nowNanos) {
                return idleDeadline;
            }
            cache.invalidate(slotHash, expiredKey.clientHi(), expiredKey.clientLo(), expiredKey.vipHi(), expiredKey.vipLo(), keyWord);
        }
        if (table.tombstoneIfNewer(expiredKey, hlc.now(), originId)) {
            resources.changes().offerRemove(expiredKey, hlc.current());
            connections.closed(expiredEntry.backendId());
            counters.increment(CounterLayout.SESSIONS_CLOSED);
        }
        timed.release(slot);
        return TimerWheel.NO_REARM;
    }

    /**
     * Wall-clock time of the sessions this cycle opens or changes: read at most once a cycle, and not at all
     * by a cycle of established flows only (a clock read costs what a packet does).
     */
    private long wallMillis() {
        if (nowMillis == NOT_READ) {
            nowMillis = epochClock.time();
        }
        return nowMillis;
    }
}
