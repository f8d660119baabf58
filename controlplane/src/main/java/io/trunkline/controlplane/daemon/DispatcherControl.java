package io.trunkline.controlplane.daemon;

import io.trunkline.controlplane.config.ConfigDiff;
import io.trunkline.controlplane.config.ConfigException;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.replication.ReplicationStats;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a running dispatcher lets its operators see and change: the one surface the admin API (and
 * through it the CLI, the shell and SSH) is built on. Every method may be called from any thread; a
 * change is applied whole or not at all.
 */
public interface DispatcherControl {

    DispatcherStatus status();

    /** The configuration the dispatcher runs now, with every runtime change applied. */
    TrunklineConfig runningConfig();

    /**
     * Makes {@code next} the running configuration: validates it ({@code ConfigRules}), refuses it
     * whole when it is invalid or when it changes a setting that needs a restart, else applies the
     * live part of the difference atomically (one forwarding-table swap; existing sessions keep their
     * backend).
     *
     * @return what changed
     * @throws ConfigException naming every rule broken; the running configuration stays
     */
    ConfigDiff apply(TrunklineConfig next) throws ConfigException;

    /** Reads the file the dispatcher was started with again and {@link #apply}s it (SIGHUP does the same). */
    ConfigDiff reload() throws ConfigException;

    /** Writes the running configuration back to the file it was started with; returns that file. */
    Path save() throws IOException;

    /** Sessions in the shared table matching {@code filter} (all dispatchers' sessions, not just this one's). */
    long countSessions(SessionFilter filter);

    /** Up to {@code limit} sessions matching {@code filter}. */
    List<SessionView> sessions(SessionFilter filter, int limit);

    /** Removes the matching sessions here and at every peer; returns how many were removed. */
    long flushSessions(SessionFilter filter);

    /** Replication: this dispatcher's readiness and each peer link's figures. */
    ReplicationStats replication();

    /** The fast path's counters, summed over workers, in counters-file order. */
    List<CounterView> counters();

    /** The damped health-check state of every backend. */
    List<BackendHealthView> health();

    /** The neighbour table: every router, backend and peer the dispatcher resolves, and the backends with a configured MAC. */
    List<NeighbourView> neighbours();

    /**
     * Writes a pcap of up to {@code count} packets the fast path receives on {@code port} (a port name
     * from the configuration), waiting at most {@code timeout}; returns the packets written.
     *
     * @throws IllegalArgumentException for an unknown port
     */
    long capture(String port, int count, Path file, Duration timeout) throws IOException;
}
