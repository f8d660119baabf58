package io.trunkline.fastpath.bfd;

/** A BFD session state (RFC 5880 section 4.1, the Sta field); the ordinal is the wire code. */
public enum BfdState {
    ADMIN_DOWN,
    DOWN,
    INIT,
    UP;

    private static final BfdState[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    /** The state with this 2-bit wire code. */
    public static BfdState ofCode(int code) {
        return BY_CODE[code & 3];
    }
}
