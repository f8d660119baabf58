package io.trunkline.controlplane.replication;

/** Replication cannot start as configured; the message is one line an operator can act on. */
public final class ReplicationConfigException extends RuntimeException {
    public ReplicationConfigException(String message) {
        super(message);
    }

    public ReplicationConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
