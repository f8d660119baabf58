package io.trunkline.fastpath.sync;

/**
 * What happened to a session. The code is the message type in a {@link SessionChangeQueue}
 * (Agrona reserves type ids below 1) and the record type the replicator puts on the wire.
 */
public enum SessionChangeOp {
    /** A session was created or changed (backend, state): carries the whole entry. */
    UPSERT(1),
    /** A session ended: the key and the version of the removal. */
    REMOVE(2),
    /** A client lock was taken (L7 mode): carries the lock's entry, originId naming the locking dispatcher. */
    LOCK(3),
    /** A client lock was released without a backend being chosen: the key and the version of the release. */
    UNLOCK(4);

    private static final SessionChangeOp[] BY_CODE = {null, UPSERT, REMOVE, LOCK, UNLOCK};

    private final int code;

    SessionChangeOp(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True when the change carries a whole {@code SessionEntry}; false when only a key and version. */
    public boolean carriesEntry() {
        return this == UPSERT || this == LOCK;
    }

    /** @return the op, or null for a code no op has */
    public static SessionChangeOp fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
