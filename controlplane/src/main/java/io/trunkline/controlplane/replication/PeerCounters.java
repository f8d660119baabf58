package io.trunkline.controlplane.replication;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one peer link. Written only by the replicator's thread (ordered stores, no CAS),
 * read from any thread by {@link #snapshot}.
 */
final class PeerCounters {
    static final int RECORDS_SENT = 0;
    static final int RECORDS_RECEIVED = 1;
    static final int RECORDS_APPLIED = 2;
    static final int BATCHES_SENT = 3;
    static final int BATCHES_RECEIVED = 4;
    static final int BYTES_SENT = 5;
    static final int BYTES_RECEIVED = 6;
    static final int LAG_MAX_MILLIS = 7;
    static final int SNAPSHOTS_SERVED = 8;
    static final int SNAPSHOTS_APPLIED = 9;
    static final int AUTH_FAILURES = 10;
    static final int REPLAYS = 11;
    static final int GAPS = 12;
    static final int LAG_LAST_MILLIS = 13;
    private static final int COUNT = 14;

    private final AtomicLongArray values = new AtomicLongArray(COUNT);

    void add(int counter, long delta) {
        values.lazySet(counter, values.get(counter) + delta);
    }

    void set(int counter, long value) {
        values.lazySet(counter, value);
    }

    void max(int counter, long value) {
        if (value > values.get(counter)) {
            values.lazySet(counter, value);
        }
    }

    long get(int counter) {
        return values.get(counter);
    }

    /**
     * @param appliedElsewhere records of this peer applied by the replicator's appliers, added to this link's count
     * @param lagElsewhere     the appliers' largest lag for this peer, against this link's
     * @param lastLagElsewhere the lag of the last batch the appliers applied (the newest measured), against this link's
     */
    PeerStats snapshot(int peerId, PeerState state, Readiness readiness, long appliedElsewhere, long lagElsewhere,
                       long lastLagElsewhere) {
        return new PeerStats(peerId, state, readiness,
            get(RECORDS_SENT), get(RECORDS_RECEIVED), get(RECORDS_APPLIED) + appliedElsewhere,
            get(BATCHES_SENT), get(BATCHES_RECEIVED), get(BYTES_SENT), get(BYTES_RECEIVED),
            Math.max(get(LAG_MAX_MILLIS), lagElsewhere), Math.max(get(LAG_LAST_MILLIS), lastLagElsewhere), get(SNAPSHOTS_SERVED), get(SNAPSHOTS_APPLIED),
            get(AUTH_FAILURES), get(REPLAYS), get(GAPS));
    }
}
