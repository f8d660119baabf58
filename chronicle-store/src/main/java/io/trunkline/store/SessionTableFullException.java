package io.trunkline.store;

import java.nio.file.Path;

/**
 * A replicated write did not fit: the segment the key hashes to and its overflow tiers are full.
 * Without a stack trace (the cause has Chronicle's): the replicator counts these, the operator sees
 * the message once.
 */
public final class SessionTableFullException extends RuntimeException {
    public SessionTableFullException(Path file, long capacity, Throwable cause) {
        super("session table " + file + " is full (capacity " + capacity
            + "): raise the capacity or maxBloatFactor, or check that expiry runs", cause, false, false);
    }
}
