package io.trunkline.controlplane.replication;

/** Whether this dispatcher holds the whole shared table and may serve traffic. */
public enum Readiness {
    /** Started; waiting to hear a live peer to take a snapshot from. */
    JOINING,
    /** Snapshot requested; applying its chunks. */
    SNAPSHOTTING,
    /** Snapshot applied (or no peer alive at a cold start): may serve traffic and announce its VIPs. */
    READY;

    private static final Readiness[] BY_CODE = values();

    /** @return the readiness with ordinal {@code code}, or null */
    public static Readiness fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
