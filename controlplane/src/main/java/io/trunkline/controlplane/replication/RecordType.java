package io.trunkline.controlplane.replication;

/** The kinds of replication record; the code is the type byte on the wire. */
public final class RecordType {
    /** A session created or changed: flow key and whole entry. Data stream. */
    public static final byte SESSION_UPSERT = 1;
    /** A session removed: flow key; the record's version is the removal's. Data stream. */
    public static final byte SESSION_REMOVE = 2;
    /** A client lock taken: flow key and the lock's entry (originId = locking dispatcher). Data stream. */
    public static final byte CLIENT_LOCK = 3;
    /** A client lock released without a session: flow key; the record's version is the release's. Data stream. */
    public static final byte LOCK_RELEASE = 4;
    /** Liveness, readiness and the sender's last data sequence. Control stream. */
    public static final byte HEARTBEAT = 5;
    /** Asks the receiver for a snapshot of its whole table. Control stream. */
    public static final byte SNAPSHOT_REQUEST = 6;
    /** One session (or tombstone) of a snapshot: flow key and entry. Control stream. */
    public static final byte SNAPSHOT_CHUNK = 7;
    /** Closes a snapshot: chunk count and one origin's watermark (one END per origin). Control stream. */
    public static final byte SNAPSHOT_END = 8;

    private RecordType() {
    }

    /** True for the session changes every peer receives with a gap-free per-origin sequence. */
    public static boolean isData(byte type) {
        return type >= SESSION_UPSERT && type <= LOCK_RELEASE;
    }
}
