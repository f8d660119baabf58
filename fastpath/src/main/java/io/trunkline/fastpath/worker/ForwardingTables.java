package io.trunkline.fastpath.worker;

/**
 * Hand-off of {@link ForwardingTable}s from the control plane to the workers, as GLB hands off its
 * tables: the control plane builds the next table off the fast path and publishes it with one
 * volatile store; a worker reads the reference once per burst, so a burst sees one consistent table
 * and tables change only between bursts. Single writer (the control plane), any number of readers.
 */
public final class ForwardingTables {
    private volatile ForwardingTable current;

    public ForwardingTables(ForwardingTable initial) {
        current = initial;
    }

    /** Control plane: workers see {@code table} from their next burst on. Versions only move forward. */
    public void publish(ForwardingTable table) {
        if (table.version() <= current.version()) {
            throw new IllegalArgumentException("table version " + table.version() + " is not newer than " + current.version());
        }
        current = table;
    }

    /** Worker: read once per burst. */
    public ForwardingTable current() {
        return current;
    }
}
