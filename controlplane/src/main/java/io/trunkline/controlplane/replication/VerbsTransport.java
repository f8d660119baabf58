package io.trunkline.controlplane.replication;

import io.trunkline.bindings.SetupException;
import io.trunkline.bindings.verbs.DeviceContext;
import io.trunkline.bindings.verbs.DeviceList;
import io.trunkline.bindings.verbs.Gid;
import io.trunkline.bindings.verbs.PortAttributes;
import io.trunkline.bindings.verbs.ProtectionDomain;
import io.trunkline.bindings.verbs.QpEndpoint;
import io.trunkline.bindings.verbs.RtrConfig;
import io.trunkline.bindings.verbs.RtsConfig;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * RDMA verbs transport (InfiniBand, RoCE): one reliable-connected queue pair per peer ({@link VerbsLink}),
 * each batch SENT from a registered send slot into one of the peer's posted receive slots, completions polled
 * in {@link #poll} on the replicator's thread, never waited for.
 * <p>
 * Connecting is a control-path job for a thread of its own, the connector: for each peer without a working
 * link it builds one (QP in INIT, receives posted), swaps {@link QpHello}s with the peer over the TCP side
 * channel ({@link QpSideChannel}), moves the QP to RTR and RTS and hands the link over through
 * {@link #handOver}. The replicator's thread adopts it at its next poll. A link whose completion fails (the
 * peer died: retries exceeded; or it restarted with a new QP) is closed by the replicator's thread and
 * wanted again; the peer's receiver sees the hole and asks for a snapshot, as with any lost batch.
 * Until a peer's link is up, {@link #send} answers {@link #NOT_CONNECTED}.
 */
public final class VerbsTransport implements ReplicationTransport {
    private static final long EXCHANGE_SLICE_NS = TimeUnit.SECONDS.toNanos(1);

    private final List<PeerEndpoint> peers;
    private final int maxBatchLength;
    private final int port;
    private final int gidIndex;
    private final DeviceContext device;
    private final ProtectionDomain pd;
    private final PortAttributes portAttributes;
    private final Gid gid;
    private final QpSideChannel sideChannel;
    private final VerbsLink[] links;
    private final AtomicReferenceArray<VerbsLink> handOver;
    private final AtomicIntegerArray wanted;
    private final BatchBuffer received;
    private final Thread connector;
    private volatile boolean running = true;

    private VerbsTransport(ReplicationContext context, DeviceContext device) {
        this.peers = List.copyOf(context.peers());
        this.maxBatchLength = context.maxBatchLength();
        this.port = context.rdmaPort();
        this.gidIndex = context.rdmaGidIndex();
        this.device = device;
        this.portAttributes = device.queryPort(port);
        if (!portAttributes.active()) {
            throw new ReplicationConfigException("RDMA device " + device.name() + " port " + port + " is not active (state "
                + portAttributes.state() + "): check its cable and subnet manager, or set 'fallback: udp'");
        }
        this.gid = device.queryGid(port, gidIndex);
        this.pd = device.allocateProtectionDomain();
        this.sideChannel = new QpSideChannel(context.self(), context.keys());
        this.links = new VerbsLink[peers.size()];
        this.handOver = new AtomicReferenceArray<>(peers.size());
        this.wanted = new AtomicIntegerArray(peers.size());
        for (int i = 0; i < peers.size(); i++) {
            wanted.set(i, 1);
        }
        this.received = new BatchBuffer(maxBatchLength);
        this.connector = Thread.ofPlatform().daemon().name("replication-verbs-connector").unstarted(this::connectLoop);
    }

    /**
     * Opens the configured RDMA device and starts connecting to every peer.
     *
     * @throws SetupException             when this host has no RDMA device (the message names the cause, e.g.
     *                                    {@code ibv_get_device_list} failing with ENOSYS) or none of that name
     * @throws ReplicationConfigException when the port is down or the side channel cannot listen
     */
    public static VerbsTransport open(ReplicationContext context) {
        final DeviceContext device = DeviceList.open(context.rdmaDevice());
        try {
            final VerbsTransport transport = new VerbsTransport(context, device);
            transport.connector.start();
            return transport;
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }

    private void connectLoop() {
        while (running) {
            boolean idle = true;
            for (int i = 0; i < peers.size() && running; i++) {
                if (wanted.get(i) == 1 && handOver.get(i) == null) {
                    idle = false;
                    connect(i);
                }
            }
            if (idle) {
                pause();
            }
        }
    }

    private void connect(int peerIndex) {
        final PeerEndpoint peer = peers.get(peerIndex);
        VerbsLink link = null;
        try {
            link = new VerbsLink(device, pd, port, slotLength());
            final int psn = ThreadLocalRandom.current().nextInt(1 << 24);
            final QpEndpoint local = QpEndpoint.of(link.queuePair(), psn, portAttributes, gid);
            final QpEndpoint remote = sideChannel.exchange(peer, local, EXCHANGE_SLICE_NS);
            if (remote == null) {
                link.close();
                return;
            }
            link.connect(RtrConfig.of(port, portAttributes, gidIndex, remote), remote, RtsConfig.of(psn));
            wanted.set(peerIndex, 0);
            handOver.set(peerIndex, link);
        } catch (IOException | RuntimeException e) {
            CloseHelper.quietClose(link);
            System.err.println("replication: RDMA link to dispatcher " + peer + " not connected: " + e.getMessage());
            pause();
        }
    }

    private int slotLength() {
        return (maxBatchLength + 63) & ~63;
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int maxBatchLength() {
        return maxBatchLength;
    }

    @Override
    public int send(int peerIndex, BatchBuffer batch, int length) {
        final VerbsLink link = links[peerIndex];
        return link == null ? NOT_CONNECTED : link.send(batch, length);
    }

    @Override
    public int poll(BatchHandler handler, int limit) {
        int work = 0;
        for (int i = 0; i < links.length; i++) {
            VerbsLink link = links[i];
            if (link == null) {
                link = adopt(i);
                if (link == null) {
                    continue;
                }
            }
            work += link.reapSends();
            if (work < limit) {
                work += link.pollReceives(handler, received);
            }
            if (link.failed() != null) {
                drop(i, link);
            }
        }
        return work;
    }

    private VerbsLink adopt(int peerIndex) {
        final VerbsLink link = handOver.getAndSet(peerIndex, null);
        links[peerIndex] = link;
        return link;
    }

    private void drop(int peerIndex, VerbsLink link) {
        System.err.println("replication: RDMA link to dispatcher " + peers.get(peerIndex) + " failed (" + link.failed()
            + "); reconnecting");
        links[peerIndex] = null;
        link.close();
        wanted.set(peerIndex, 1);
    }

    @Override
    public String name() {
        return "rdma";
    }

    @Override
    public void close() {
        running = false;
        connector.interrupt();
        try {
            connector.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < links.length; i++) {
            CloseHelper.quietCloseAll(links[i], handOver.getAndSet(i, null));
        }
        CloseHelper.quietCloseAll(sideChannel, received, pd, device);
    }
}
