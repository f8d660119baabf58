package io.trunkline.store;

/**
 * Where a session is in its life. The code is what the table and replication records store;
 * code 0 is never used, so zeroed memory never decodes as a live session.
 */
public enum SessionState {
    /** First packet seen (TCP SYN, or a new UDP flow), backend chosen. */
    OPENING(1),
    /** Traffic flows both ways (for TCP, the handshake completed). */
    ESTABLISHED(2),
    /** FIN or RST seen; the entry lingers before removal. */
    CLOSING(3),
    /**
     * Tombstone: the session was removed. Kept so that a removal beats an older update that arrives later;
     * invisible to {@link SessionTable#get}, swept by {@link SessionTable#purgeTombstones}.
     */
    REMOVED(4);

    private static final SessionState[] BY_CODE = {null, OPENING, ESTABLISHED, CLOSING, REMOVED};

    private final byte code;

    SessionState(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** Whether a state has this code. */
    public static boolean isCode(int code) {
        return code > 0 && code < BY_CODE.length;
    }

    /** @throws IllegalArgumentException for a code no state has */
    public static SessionState fromCode(int code) {
        if (code <= 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown session state code " + code + " (expected 1..4)");
        }
        return BY_CODE[code];
    }
}
