package io.trunkline.controlplane.replication;

import io.trunkline.fastpath.sync.HybridLogicalClock;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Replication settings with their defaults; {@link #conclude()} checks them before anything starts.
 * Built by the control plane from the config file, by tests directly.
 */
public final class ReplicationContext {
    /** The path MTU replication is sized for unless configured: a plain Ethernet link. */
    public static final int DEFAULT_MTU = 1500;
    /** The smallest path MTU: IPv6's minimum link MTU. */
    public static final int MIN_MTU = 1280;
    /** The largest path MTU: an IP datagram's 16-bit total length (loopback's own MTU is 65,536). */
    public static final int MAX_MTU = 65535;
    /** The batch of a {@link #DEFAULT_MTU} path: 1408 bytes (13 records). */
    public static final int DEFAULT_MAX_BATCH_LENGTH = maxBatchLengthForMtu(DEFAULT_MTU);
    // IPv6 (40) + UDP (8): the larger family's headers, so one setting fits IPv4 and IPv6 peers alike.
    private static final int IP_UDP_HEADERS_LENGTH = 48;
    private static final int AERON_FRAME_ALIGNMENT = 32;
    // Aeron's largest UDP payload (io.aeron.driver.Configuration.MAX_UDP_PAYLOAD_LENGTH), frame header included.
    private static final int AERON_MAX_UDP_PAYLOAD_LENGTH = 65504;
    public static final long DEFAULT_FLUSH_DELAY_NS = TimeUnit.MICROSECONDS.toNanos(20);
    public static final long DEFAULT_HEARTBEAT_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    public static final int DEFAULT_MISSED_HEARTBEATS = 5;
    public static final long DEFAULT_JOIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);
    public static final long DEFAULT_SNAPSHOT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    /** The first port of the RDMA device; verbs numbers ports from 1. */
    public static final int DEFAULT_RDMA_PORT = 1;
    /** Applier threads at most; more than the cores of an appliance would only queue for them. */
    public static final int MAX_APPLIERS = 16;
    /** A data batch goes to every peer with one pending-mask bit each. */
    public static final int MAX_PEERS = 64;

    private PeerEndpoint self;
    private final List<PeerEndpoint> peers = new ArrayList<>();
    private final List<ClusterKey> keys = new ArrayList<>();
    private TransportKind transport = TransportKind.UDP;
    private TransportKind fallback;
    private int maxBatchLength = DEFAULT_MAX_BATCH_LENGTH;
    private long flushDelayNs = DEFAULT_FLUSH_DELAY_NS;
    private long heartbeatIntervalNs = DEFAULT_HEARTBEAT_INTERVAL_NS;
    private int missedHeartbeats = DEFAULT_MISSED_HEARTBEATS;
    private long joinTimeoutNs = DEFAULT_JOIN_TIMEOUT_NS;
    private long snapshotTimeoutNs = DEFAULT_SNAPSHOT_TIMEOUT_NS;
    private int drainLimit = 256;
    private int appliers;
    private String aeronDirectory;
    private String rdmaDevice;
    private int rdmaPort = DEFAULT_RDMA_PORT;
    private int rdmaGidIndex;
    private NanoClock nanoClock = new SystemNanoClock();
    private EpochClock epochClock = SystemEpochClock.INSTANCE;
    private HybridLogicalClock hybridClock;

    /** Checks the settings and fills derived defaults. @return this */
    public ReplicationContext conclude() {
        if (self == null) {
            throw new ReplicationConfigException("replication needs this dispatcher's own id@host:port (self)");
        }
        if (keys.isEmpty()) {
            throw new ReplicationConfigException("no replication key configured: refusing to start replication"
                + " (set a key file of at least " + ClusterKey.MIN_LENGTH + " random bytes, mode 600)");
        }
        final Set<Integer> ids = new HashSet<>();
        ids.add(self.id());
        for (PeerEndpoint peer : peers) {
            if (!ids.add(peer.id())) {
                throw new ReplicationConfigException("dispatcher id " + peer.id() + " appears twice in the replication peers");
            }
        }
        if (peers.size() > MAX_PEERS) {
            throw new ReplicationConfigException("replication supports at most " + MAX_PEERS + " peers, " + peers.size() + " configured");
        }
        if (ReplicationBatch.capacity(maxBatchLength) < 1) {
            throw new ReplicationConfigException("replication batch length " + maxBatchLength + " holds no record");
        }
        if (appliers < 0 || appliers > MAX_APPLIERS) {
            throw new ReplicationConfigException("replication appliers " + appliers + " must be within 0..." + MAX_APPLIERS
                + " (0: the replicator applies what peers send itself)");
        }
        if (flushDelayNs < 0 || heartbeatIntervalNs <= 0 || missedHeartbeats < 1 || drainLimit < 1) {
            throw new ReplicationConfigException("replication timings must be positive (flush delay, heartbeat interval, missed heartbeats)");
        }
        if (rdmaPort < 1 || rdmaPort > 255 || rdmaGidIndex < 0) {
            throw new ReplicationConfigException("RDMA port " + rdmaPort + " must be within 1..255 and GID index " + rdmaGidIndex + " at least 0");
        }
        if (aeronDirectory == null) {
            aeronDirectory = "/dev/shm/trunkline-aeron-" + self.id() + "-" + ProcessHandle.current().pid();
        }
        if (hybridClock == null) {
            hybridClock = new HybridLogicalClock(epochClock);
        }
        return this;
    }

    public PeerEndpoint self() {
        return self;
    }

    public ReplicationContext self(PeerEndpoint self) {
        this.self = self;
        return this;
    }

    public List<PeerEndpoint> peers() {
        return peers;
    }

    public ReplicationContext peer(PeerEndpoint peer) {
        peers.add(peer);
        return this;
    }

    public List<ClusterKey> keys() {
        return keys;
    }

    /** Adds an accepted key; the first added signs. */
    public ReplicationContext key(ClusterKey key) {
        keys.add(key);
        return this;
    }

    public TransportKind transport() {
        return transport;
    }

    public ReplicationContext transport(TransportKind transport) {
        this.transport = transport;
        return this;
    }

    /** The transport to use when {@link #transport()} is unavailable; null (the default) means fail. */
    public TransportKind fallback() {
        return fallback;
    }

    public ReplicationContext fallback(TransportKind fallback) {
        this.fallback = fallback;
        return this;
    }

    public int maxBatchLength() {
        return maxBatchLength;
    }

    /**
     * The largest batch for a path MTU: the MTU less the IPv6 and UDP headers, rounded down to Aeron's 32-byte
     * frame alignment and capped at Aeron's largest UDP payload, less Aeron's 32-byte frame header. 1500 gives
     * 1408 bytes (13 records), 9000 gives 8896 (92 records), 65535 gives 65440 (680 records).
     *
     * @throws ReplicationConfigException outside {@link #MIN_MTU}..{@link #MAX_MTU}
     */
    public static int maxBatchLengthForMtu(int mtu) {
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new ReplicationConfigException("replication MTU " + mtu + " must be within " + MIN_MTU + ".." + MAX_MTU);
        }
        final int aeronMtu = Math.min((mtu - IP_UDP_HEADERS_LENGTH) & -AERON_FRAME_ALIGNMENT, AERON_MAX_UDP_PAYLOAD_LENGTH);
        return aeronMtu - AeronUdpTransport.FRAME_HEADER_LENGTH;
    }

    /** Sizes batches for a path MTU ({@link #maxBatchLengthForMtu}): what the config file's {@code replication.mtu} sets. */
    public ReplicationContext mtu(int mtu) {
        this.maxBatchLength = maxBatchLengthForMtu(mtu);
        return this;
    }

    public ReplicationContext maxBatchLength(int maxBatchLength) {
        this.maxBatchLength = maxBatchLength;
        return this;
    }

    public long flushDelayNs() {
        return flushDelayNs;
    }

    public ReplicationContext flushDelayNs(long flushDelayNs) {
        this.flushDelayNs = flushDelayNs;
        return this;
    }

    public long heartbeatIntervalNs() {
        return heartbeatIntervalNs;
    }

    public ReplicationContext heartbeatIntervalNs(long heartbeatIntervalNs) {
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        return this;
    }

    public int missedHeartbeats() {
        return missedHeartbeats;
    }

    public ReplicationContext missedHeartbeats(int missedHeartbeats) {
        this.missedHeartbeats = missedHeartbeats;
        return this;
    }

    public long joinTimeoutNs() {
        return joinTimeoutNs;
    }

    /** How long a joining dispatcher waits for a READY peer before it declares a cold start and becomes READY alone. */
    public ReplicationContext joinTimeoutNs(long joinTimeoutNs) {
        this.joinTimeoutNs = joinTimeoutNs;
        return this;
    }

    public long snapshotTimeoutNs() {
        return snapshotTimeoutNs;
    }

    /** How long a requested snapshot may make no progress before it is requested again. */
    public ReplicationContext snapshotTimeoutNs(long snapshotTimeoutNs) {
        this.snapshotTimeoutNs = snapshotTimeoutNs;
        return this;
    }

    public int appliers() {
        return appliers;
    }

    /**
     * Threads that apply the peers' data records, the keys split by Chronicle segment (see {@link Replicator#appliers()});
     * 0 (the default) applies them on the replicator's own thread. @return this
     */
    public ReplicationContext appliers(int appliers) {
        this.appliers = appliers;
        return this;
    }

    public int drainLimit() {
        return drainLimit;
    }

    /** Changes taken from each worker queue per duty cycle. */
    public ReplicationContext drainLimit(int drainLimit) {
        this.drainLimit = drainLimit;
        return this;
    }

    public String aeronDirectory() {
        return aeronDirectory;
    }

    public ReplicationContext aeronDirectory(String aeronDirectory) {
        this.aeronDirectory = aeronDirectory;
        return this;
    }

    /** The RDMA device by its kernel name (e.g. {@code mlx5_0}); null, the default, for the first one listed. */
    public String rdmaDevice() {
        return rdmaDevice;
    }

    public ReplicationContext rdmaDevice(String rdmaDevice) {
        this.rdmaDevice = rdmaDevice;
        return this;
    }

    public int rdmaPort() {
        return rdmaPort;
    }

    public ReplicationContext rdmaPort(int rdmaPort) {
        this.rdmaPort = rdmaPort;
        return this;
    }

    /** The GID table entry RoCE packets are sent from (it picks RoCE v1/v2 and IPv4/IPv6); unused on InfiniBand. */
    public int rdmaGidIndex() {
        return rdmaGidIndex;
    }

    public ReplicationContext rdmaGidIndex(int rdmaGidIndex) {
        this.rdmaGidIndex = rdmaGidIndex;
        return this;
    }

    public NanoClock nanoClock() {
        return nanoClock;
    }

    public ReplicationContext nanoClock(NanoClock nanoClock) {
        this.nanoClock = nanoClock;
        return this;
    }

    public EpochClock epochClock() {
        return epochClock;
    }

    public ReplicationContext epochClock(EpochClock epochClock) {
        this.epochClock = epochClock;
        return this;
    }

    public HybridLogicalClock hybridClock() {
        return hybridClock;
    }

    /** The clock the workers stamp versions with; shared so that remote versions advance it. */
    public ReplicationContext hybridClock(HybridLogicalClock hybridClock) {
        this.hybridClock = hybridClock;
        return this;
    }
}
