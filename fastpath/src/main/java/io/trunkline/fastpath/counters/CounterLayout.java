package io.trunkline.fastpath.counters;

import java.util.List;

/**
 * Which counters a worker keeps and where: every counter has a fixed id computed by arithmetic, so the
 * packet path finds a counter with an add, never a lookup. Every worker has the same layout; the reader
 * sums a counter over the workers. Ids are grouped so that what one packet touches is close together:
 * the four counters of a port, the two of a VIP, the two of a backend.
 * <pre>
 *  id 0 .. 11                 sessions_new, sessions_closed, flow_cache_hit, flow_cache_miss,
 *                             flow_cache_evict, session_table_full, sessions_reassigned, duty_cycles,
 *                             busy_cycles, tcp_resets_sent, icmp_too_big_sent, established_lane
 *  then per port p            rx_packets{port=p}, rx_bytes{port=p}, tx_packets{port=p}, tx_bytes{port=p}
 *  then per VIP index v       vip_packets{vip=v}, vip_bytes{vip=v}
 *  then per backend id b      backend_packets{backend=b}, backend_bytes{backend=b}
 *  then per drop reason r     drops{reason=NAME}
 *  then the host counters     arp_replies, nd_advertisements, bfd_rx, bfd_tx, bfd_tx_failed, bfd_session_up,
 *                             bfd_session_down, bfd_handed_off, kernel_rx, kernel_tx, neighbour_requests,
 *                             neighbour_requests_failed
 * </pre>
 * The host counters count what the fast path answers for the dispatcher itself (ARP, neighbour discovery,
 * BFD), what passes the kernel exception path, and the neighbour table's requests; what it drops of that
 * traffic is under drops{reason=ARP_..., ND_..., BFD_..., KERNEL_...}.
 *
 * @param ports       data ports
 * @param vips        VIP indexes {@code 0 .. vips - 1}
 * @param backends    backend ids {@code 0 .. backends - 1}
 * @param dropReasons names of drop reasons, in the order of the codes the packet path uses
 */
public record CounterLayout(int ports, int vips, int backends, List<String> dropReasons) {
    public static final int SESSIONS_NEW = 0;
    public static final int SESSIONS_CLOSED = 1;
    public static final int FLOW_CACHE_HIT = 2;
    public static final int FLOW_CACHE_MISS = 3;
    public static final int FLOW_CACHE_EVICT = 4;
    /** New flows that found the session table full and took the stateless consistent-hash choice. */
    public static final int SESSION_TABLE_FULL = 5;
    /** Sessions moved to another backend because theirs went down in a pool whose policy is reassign. */
    public static final int SESSIONS_REASSIGNED = 6;
    /** Duty cycles the worker ran, and those that found work: their rates give the worker's busy ratio. */
    public static final int DUTY_CYCLES = 7;
    public static final int BUSY_CYCLES = 8;
    /** TCP resets sent to clients whose backend went down in a pool whose policy is reset. */
    public static final int TCP_RESETS_SENT = 9;
    /** ICMP frag-needed and ICMPv6 packet-too-big sent to clients whose packet was too big for a tunnel (path-MTU discovery). */
    public static final int ICMP_TOO_BIG_SENT = 10;
    /** Packets of established flows forwarded by the established lane, straight from the burst's peek (a share of flow_cache_hit). */
    public static final int ESTABLISHED_LANE = 11;

    /** ARP requests for an own address answered. */
    public static final int ARP_REPLIES = 0;
    /** Neighbour solicitations for an own address answered with an advertisement. */
    public static final int ND_ADVERTISEMENTS = 1;
    /** BFD control packets accepted by a session. */
    public static final int BFD_RX = 2;
    /** BFD control packets sent. */
    public static final int BFD_TX = 3;
    /** BFD control packets that could not be sent (no mbuf, transmit queue full). */
    public static final int BFD_TX_FAILED = 4;
    /** Transitions of a BFD session into Up. */
    public static final int BFD_SESSION_UP = 5;
    /** Transitions of a BFD session out of Up. */
    public static final int BFD_SESSION_DOWN = 6;
    /** BFD packets this worker handed to the worker that runs BFD. */
    public static final int BFD_HANDED_OFF = 7;
    /** Frames for an own address passed to the kernel through the exception path. */
    public static final int KERNEL_RX = 8;
    /** Frames the kernel sent through the exception path, put out on a data port. */
    public static final int KERNEL_TX = 9;
    /** ARP requests and neighbour solicitations sent for the neighbour table. */
    public static final int NEIGHBOUR_REQUESTS = 10;
    /** Neighbour requests that could not be sent (no mbuf, transmit queue full, no own address of the family). */
    public static final int NEIGHBOUR_REQUESTS_FAILED = 11;

    private static final String[] HOST_LABELS = {"arp_replies", "nd_advertisements", "bfd_rx", "bfd_tx", "bfd_tx_failed",
        "bfd_session_up", "bfd_session_down", "bfd_handed_off", "kernel_rx", "kernel_tx", "neighbour_requests",
        "neighbour_requests_failed"};
    private static final String[] SINGLE_LABELS = {
        "sessions_new", "sessions_closed", "flow_cache_hit", "flow_cache_miss", "flow_cache_evict", "session_table_full",
        "sessions_reassigned", "duty_cycles", "busy_cycles", "tcp_resets_sent", "icmp_too_big_sent", "established_lane"};
    private static final String[] PORT_LABELS = {"rx_packets", "rx_bytes", "tx_packets", "tx_bytes"};
    private static final String[] VIP_LABELS = {"vip_packets", "vip_bytes"};
    private static final String[] BACKEND_LABELS = {"backend_packets", "backend_bytes"};

    /** Counter kinds, as the type id in the counters file. */
    public static final int TYPE_SESSION = 1;
    public static final int TYPE_PORT = 2;
    public static final int TYPE_VIP = 3;
    public static final int TYPE_BACKEND = 4;
    public static final int TYPE_DROP = 5;
    public static final int TYPE_HOST = 6;

    private static final int PORT_BASE = SINGLE_LABELS.length;

    public CounterLayout {
        if (ports < 0 || vips < 0 || backends < 0) {
            throw new IllegalArgumentException("negative dimension: ports " + ports + ", vips " + vips + ", backends " + backends);
        }
        dropReasons = List.copyOf(dropReasons);
    }

    public int rxPackets(int port) {
        return PORT_BASE + port * PORT_LABELS.length;
    }

    public int rxBytes(int port) {
        return rxPackets(port) + 1;
    }

    public int txPackets(int port) {
        return rxPackets(port) + 2;
    }

    public int txBytes(int port) {
        return rxPackets(port) + 3;
    }

    public int vipPackets(int vipIndex) {
        return vipBase() + vipIndex * VIP_LABELS.length;
    }

    public int vipBytes(int vipIndex) {
        return vipPackets(vipIndex) + 1;
    }

    public int backendPackets(int backendId) {
        return backendBase() + backendId * BACKEND_LABELS.length;
    }

    public int backendBytes(int backendId) {
        return backendPackets(backendId) + 1;
    }

    /** @param reason the drop reason's code: its index in {@link #dropReasons()} */
    public int drops(int reason) {
        return dropBase() + reason;
    }

    /** @param counter one of the host counters: {@link #ARP_REPLIES} .. {@link #NEIGHBOUR_REQUESTS_FAILED} */
    public int host(int counter) {
        return hostBase() + counter;
    }

    /** Number of counters per worker. */
    public int count() {
        return hostBase() + HOST_LABELS.length;
    }

    /** The counter's label, e.g. {@code rx_packets{port=0}} or {@code drops{reason=TRUNCATED_L2}}. */
    public String label(int id) {
        if (id < 0 || id >= count()) {
            throw new IllegalArgumentException("counter id " + id + " outside 0.." + (count() - 1));
        }
        if (id < PORT_BASE) {
            return SINGLE_LABELS[id];
        }
        if (id < vipBase()) {
            int relative = id - PORT_BASE;
            return PORT_LABELS[relative % PORT_LABELS.length] + "{port=" + relative / PORT_LABELS.length + "}";
        }
        if (id < backendBase()) {
            int relative = id - vipBase();
            return VIP_LABELS[relative % VIP_LABELS.length] + "{vip=" + relative / VIP_LABELS.length + "}";
        }
        if (id < dropBase()) {
            int relative = id - backendBase();
            return BACKEND_LABELS[relative % BACKEND_LABELS.length] + "{backend=" + relative / BACKEND_LABELS.length + "}";
        }
        if (id < hostBase()) {
            return "drops{reason=" + dropReasons.get(id - dropBase()) + "}";
        }
        return HOST_LABELS[id - hostBase()];
    }

    /** The counter's kind: one of the {@code TYPE_} constants. */
    public int typeId(int id) {
        if (id < PORT_BASE) {
            return TYPE_SESSION;
        }
        if (id < vipBase()) {
            return TYPE_PORT;
        }
        if (id < backendBase()) {
            return TYPE_VIP;
        }
        if (id < dropBase()) {
            return TYPE_BACKEND;
        }
        return id < hostBase() ? TYPE_DROP : TYPE_HOST;
    }

    private int vipBase() {
        return PORT_BASE + ports * PORT_LABELS.length;
    }

    private int backendBase() {
        return vipBase() + vips * VIP_LABELS.length;
    }

    private int dropBase() {
        return backendBase() + backends * BACKEND_LABELS.length;
    }

    private int hostBase() {
        return dropBase() + dropReasons.size();
    }
}
