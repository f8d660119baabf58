package io.trunkline.controlplane.replication;

/** Membership state of a peer as this dispatcher sees it. */
public enum PeerState {
    /** Nothing heard since this dispatcher started. */
    UNKNOWN,
    /** An authenticated batch was heard within the last N heartbeat intervals. */
    UP,
    /** N heartbeat intervals without hearing it; its sessions stay in the table. */
    DOWN
}
