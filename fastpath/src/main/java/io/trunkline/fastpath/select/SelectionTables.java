package io.trunkline.fastpath.select;

/**
 * Hand-off of {@link SelectionSnapshot}s from the control plane to the workers, in the manner of GLB's
 * table handoff: the control plane builds a new snapshot off the fast path and publishes it with one
 * volatile store; each worker reads the reference once per burst, so a whole burst sees one consistent
 * snapshot and tables change only between bursts. The old snapshot is garbage once no worker holds it.
 * Single writer (the control plane thread), any number of readers.
 */
public final class SelectionTables {
    private volatile SelectionSnapshot current = SelectionSnapshot.empty();

    /** Control plane: makes {@code snapshot} the one workers see from their next burst on. */
    public void publish(SelectionSnapshot snapshot) {
        SelectionSnapshot previous = current;
        if (snapshot.version() <= previous.version()) {
            throw new IllegalArgumentException("snapshot version " + snapshot.version()
                + " does not follow the published version " + previous.version());
        }
        current = snapshot;
    }

    /** Worker: read once per burst. */
    public SelectionSnapshot current() {
        return current;
    }
}
