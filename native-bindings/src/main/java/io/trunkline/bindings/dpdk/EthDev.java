package io.trunkline.bindings.dpdk;

import static io.trunkline.bindings.dpdk.DpdkLayouts.RTE_ETH_CONF;
import static io.trunkline.bindings.dpdk.DpdkLayouts.RTE_ETH_DEV_INFO;
import static io.trunkline.bindings.dpdk.DpdkLayouts.RTE_ETH_STATS;
import static io.trunkline.bindings.dpdk.DpdkLayouts.RTE_ETH_TXCONF;
import static io.trunkline.bindings.dpdk.DpdkLayouts.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ethernet devices (rte_ethdev.h). Control-path calls check their return codes and throw
 * {@link DpdkException}; {@link #rxBurst} and {@link #txBurst} are the per-packet calls.
 */
public final class EthDev {
    private EthDev() {
    }

    private static final MethodHandle RTE_ETH_DEV_COUNT_AVAIL = Dpdk.call("rte_eth_dev_count_avail", FunctionDescriptor.of(JAVA_SHORT));
    private static final MethodHandle RTE_ETH_DEV_GET_PORT_BY_NAME = Dpdk.call("rte_eth_dev_get_port_by_name",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_GET_NAME_BY_PORT = Dpdk.call("rte_eth_dev_get_name_by_port",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_SOCKET_ID = Dpdk.call("rte_eth_dev_socket_id", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_DEV_INFO_GET = Dpdk.call("rte_eth_dev_info_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_CONFIGURE = Dpdk.call("rte_eth_dev_configure",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_ADJUST_NB_RX_TX_DESC = Dpdk.call("rte_eth_dev_adjust_nb_rx_tx_desc",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, ADDRESS));
    private static final MethodHandle RTE_ETH_RX_QUEUE_SETUP = Dpdk.call("rte_eth_rx_queue_setup",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle RTE_ETH_TX_QUEUE_SETUP = Dpdk.call("rte_eth_tx_queue_setup",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS));
    private static final MethodHandle RTE_ETH_DEV_START = Dpdk.call("rte_eth_dev_start", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_DEV_STOP = Dpdk.call("rte_eth_dev_stop", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_DEV_CLOSE = Dpdk.call("rte_eth_dev_close", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_PROMISCUOUS_ENABLE = Dpdk.call("rte_eth_promiscuous_enable", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_MACADDR_GET = Dpdk.call("rte_eth_macaddr_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_LINK_GET_NOWAIT = Dpdk.call("rte_eth_link_get_nowait", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_STATS_GET = Dpdk.call("rte_eth_stats_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle RTE_ETH_STATS_RESET = Dpdk.call("rte_eth_stats_reset", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));
    private static final MethodHandle RTE_ETH_XSTATS_GET_NAMES = Dpdk.call("rte_eth_xstats_get_names",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_INT));
    private static final MethodHandle RTE_ETH_XSTATS_GET = Dpdk.call("rte_eth_xstats_get", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_INT));
    private static final MethodHandle TL_RTE_ETH_RX_BURST = Dpdk.criticalCall("tl_rte_eth_rx_burst",
            FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_LONG, JAVA_SHORT));
    private static final MethodHandle TL_RTE_ETH_TX_BURST = Dpdk.criticalCall("tl_rte_eth_tx_burst",
            FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_LONG, JAVA_SHORT));

    /** What rte_eth_dev_info_get reports, copied off the native struct. */
    public record Info(String driverName, int ifIndex, int minMtu, int maxMtu, int maxRxPacketLength,
                       int maxRxQueues, int maxTxQueues, long rxOffloadCapabilities, long txOffloadCapabilities,
                       int retaSize, int hashKeySize, long flowTypeRssOffloads,
                       int rxDescriptorsMax, int rxDescriptorsMin, int txDescriptorsMax, int txDescriptorsMin) {
    }

    /** The port totals of rte_eth_stats. */
    public record Stats(long ipackets, long opackets, long ibytes, long obytes, long imissed, long ierrors,
                        long oerrors, long rxNoMbuf) {
    }

    /** rte_eth_link: speed in Mbps, and the three flags. */
    public record Link(int speedMbps, boolean up, boolean fullDuplex, boolean autoNegotiated) {
    }

    /**
     * How a port is set up: queue counts (one pair per worker), descriptors per queue, the RSS hash
     * functions wanted (reduced to what the device offers) and offloads (likewise).
     */
    public record PortConfig(int rxQueues, int txQueues, int rxDescriptors, int txDescriptors,
                             long rssHashFunctions, long rxOffloads, long txOffloads) {
        /** One queue pair, 1024 descriptors each way, RSS over IP/TCP/UDP where there is more than one queue. */
        public static PortConfig queues(int queues) {
            return new PortConfig(queues, queues, 1024, 1024,
                    DpdkConstants.RTE_ETH_RSS_IP | DpdkConstants.RTE_ETH_RSS_TCP | DpdkConstants.RTE_ETH_RSS_UDP, 0, 0);
        }
    }

    /** rte_eth_dev_count_avail. */
    public static int count() {
        try {
            return Short.toUnsignedInt((short) RTE_ETH_DEV_COUNT_AVAIL.invokeExact());
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eth_dev_get_port_by_name: the port id of a device such as {@code net_pcap0}. */
    public static int portByName(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment port = arena.allocate(JAVA_SHORT);
            DpdkException.check((int) RTE_ETH_DEV_GET_PORT_BY_NAME.invokeExact(arena.allocateFrom(name), port),
                    "rte_eth_dev_get_port_by_name(" + name + ")");
            return Short.toUnsignedInt(port.get(JAVA_SHORT, 0));
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eth_dev_get_name_by_port. */
    public static String name(int port) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(64); // RTE_ETH_NAME_MAX_LEN
            DpdkException.check((int) RTE_ETH_DEV_GET_NAME_BY_PORT.invokeExact((short) port, name),
                    "rte_eth_dev_get_name_by_port(" + port + ")");
            return name.getString(0);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eth_dev_socket_id: the NUMA socket of the port, or -1 when unknown. */
    public static int socketId(int port) {
        try {
            return (int) RTE_ETH_DEV_SOCKET_ID.invokeExact((short) port);
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eth_dev_info_get. */
    public static Info info(int port) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(RTE_ETH_DEV_INFO);
            DpdkException.check((int) RTE_ETH_DEV_INFO_GET.invokeExact((short) port, info), "rte_eth_dev_info_get(port " + port + ")");
            MemorySegment driver = info.get(ADDRESS, offset(RTE_ETH_DEV_INFO, "driver_name"));
            return new Info(
                    driver.equals(MemorySegment.NULL) ? "" : driver.reinterpret(256).getString(0),
                    info.get(JAVA_INT, offset(RTE_ETH_DEV_INFO, "if_index")),
                    u16(info, offset(RTE_ETH_DEV_INFO, "min_mtu")),
                    u16(info, offset(RTE_ETH_DEV_INFO, "max_mtu")),
                    info.get(JAVA_INT, offset(RTE_ETH_DEV_INFO, "max_rx_pktlen")),
                    u16(info, offset(RTE_ETH_DEV_INFO, "max_rx_queues")),
                    u16(info, offset(RTE_ETH_DEV_INFO, "max_tx_queues")),
                    info.get(JAVA_LONG, offset(RTE_ETH_DEV_INFO, "rx_offload_capa")),
                    info.get(JAVA_LONG, offset(RTE_ETH_DEV_INFO, "tx_offload_capa")),
                    u16(info, offset(RTE_ETH_DEV_INFO, "reta_size")),
                    Byte.toUnsignedInt(info.get(JAVA_BYTE, offset(RTE_ETH_DEV_INFO, "hash_key_size"))),
                    info.get(JAVA_LONG, offset(RTE_ETH_DEV_INFO, "flow_type_rss_offloads")),
                    u16(info, offset(RTE_ETH_DEV_INFO, "rx_desc_lim.nb_max")),
                    u16(info, offset(RTE_ETH_DEV_INFO, "rx_desc_lim.nb_min")),
                    u16(info, offset(RTE_ETH_DEV_INFO, "tx_desc_lim.nb_max")),
                    u16(info, offset(RTE_ETH_DEV_INFO, "tx_desc_lim.nb_min")));
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /**
     * The port set-up sequence of the DPDK examples, every step checked: device info, configure
     * (RSS and offloads reduced to what the device offers), adjust descriptor counts, set up each
     * Rx queue on {@code pool} and each Tx queue. Returns the RSS hash functions in effect.
     */
    public static long configure(int port, PortConfig config, MbufPool pool) {
        Info info = info(port);
        if (config.rxQueues() > info.maxRxQueues() || config.txQueues() > info.maxTxQueues()) {
            throw new IllegalArgumentException("port " + port + " (" + info.driverName() + ") has at most "
                    + info.maxRxQueues() + " rx and " + info.maxTxQueues() + " tx queues; " + config.rxQueues()
                    + "/" + config.txQueues() + " asked");
        }
        long rss = config.rxQueues() > 1 ? config.rssHashFunctions() & info.flowTypeRssOffloads() : 0;
        long txOffloads = config.txOffloads() & info.txOffloadCapabilities();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment conf = arena.allocate(RTE_ETH_CONF);
            conf.set(JAVA_INT, offset(RTE_ETH_CONF, "rxmode.mq_mode"),
                    rss != 0 ? DpdkConstants.RTE_ETH_MQ_RX_RSS : DpdkConstants.RTE_ETH_MQ_RX_NONE);
            conf.set(JAVA_LONG, offset(RTE_ETH_CONF, "rxmode.offloads"), config.rxOffloads() & info.rxOffloadCapabilities());
            conf.set(JAVA_LONG, offset(RTE_ETH_CONF, "txmode.offloads"), txOffloads);
            conf.set(JAVA_LONG, offset(RTE_ETH_CONF, "rx_adv_conf.rss_conf.rss_hf"), rss);
            String subject = "(port " + port + ", " + info.driverName() + ")";
            DpdkException.check((int) RTE_ETH_DEV_CONFIGURE.invokeExact((short) port, (short) config.rxQueues(),
                    (short) config.txQueues(), conf), "rte_eth_dev_configure" + subject);

            MemorySegment rxDesc = arena.allocateFrom(JAVA_SHORT, (short) config.rxDescriptors());
            MemorySegment txDesc = arena.allocateFrom(JAVA_SHORT, (short) config.txDescriptors());
            DpdkException.check((int) RTE_ETH_DEV_ADJUST_NB_RX_TX_DESC.invokeExact((short) port, rxDesc, txDesc),
                    "rte_eth_dev_adjust_nb_rx_tx_desc" + subject);

            int socket = Math.max(socketId(port), 0);
            for (int q = 0; q < config.rxQueues(); q++) {
                DpdkException.check((int) RTE_ETH_RX_QUEUE_SETUP.invokeExact((short) port, (short) q, rxDesc.get(JAVA_SHORT, 0),
                        socket, MemorySegment.NULL, pool.pointer()), "rte_eth_rx_queue_setup" + subject + " queue " + q);
            }
            MemorySegment txConf = arena.allocate(RTE_ETH_TXCONF);
            MemorySegment.copy(defaultTxConf(arena, port), 0, txConf, 0, RTE_ETH_TXCONF.byteSize());
            txConf.set(JAVA_LONG, offset(RTE_ETH_TXCONF, "offloads"), txOffloads);
            for (int q = 0; q < config.txQueues(); q++) {
                DpdkException.check((int) RTE_ETH_TX_QUEUE_SETUP.invokeExact((short) port, (short) q, txDesc.get(JAVA_SHORT, 0),
                        socket, txConf), "rte_eth_tx_queue_setup" + subject + " queue " + q);
            }
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
        return rss;
    }

    private static MemorySegment defaultTxConf(Arena arena, int port) throws Throwable {
        MemorySegment info = arena.allocate(RTE_ETH_DEV_INFO);
        DpdkException.check((int) RTE_ETH_DEV_INFO_GET.invokeExact((short) port, info), "rte_eth_dev_info_get(port " + port + ")");
        return info.asSlice(offset(RTE_ETH_DEV_INFO, "default_txconf"), RTE_ETH_TXCONF.byteSize());
    }

    public static void start(int port) {
        call(RTE_ETH_DEV_START, port, "rte_eth_dev_start");
    }

    public static void stop(int port) {
        call(RTE_ETH_DEV_STOP, port, "rte_eth_dev_stop");
    }

    public static void close(int port) {
        call(RTE_ETH_DEV_CLOSE, port, "rte_eth_dev_close");
    }

    public static void promiscuousEnable(int port) {
        call(RTE_ETH_PROMISCUOUS_ENABLE, port, "rte_eth_promiscuous_enable");
    }

    public static void resetStats(int port) {
        call(RTE_ETH_STATS_RESET, port, "rte_eth_stats_reset");
    }

    private static void call(MethodHandle handle, int port, String name) {
        try {
            DpdkException.check((int) handle.invokeExact((short) port), name + "(port " + port + ")");
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eth_macaddr_get: the port's MAC address in the low 48 bits, first octet most significant. */
    public static long macAddress(int port) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mac = arena.allocate(DpdkLayouts.RTE_ETHER_ADDR);
            DpdkException.check((int) RTE_ETH_MACADDR_GET.invokeExact((short) port, mac), "rte_eth_macaddr_get(port " + port + ")");
            long value = 0;
            for (int i = 0; i < 6; i++) {
                value = (value << 8) | Byte.toUnsignedLong(mac.get(JAVA_BYTE, i));
            }
            return value;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eth_link_get_nowait. */
    public static Link link(int port) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment link = arena.allocate(DpdkLayouts.RTE_ETH_LINK);
            DpdkException.check((int) RTE_ETH_LINK_GET_NOWAIT.invokeExact((short) port, link), "rte_eth_link_get_nowait(port " + port + ")");
            long word = link.get(JAVA_LONG, 0);
            return new Link(link.get(JAVA_INT, offset(DpdkLayouts.RTE_ETH_LINK, "link_speed")),
                    bit(word, DpdkLayouts.LINK_STATUS_BIT), bit(word, DpdkLayouts.LINK_DUPLEX_BIT),
                    bit(word, DpdkLayouts.LINK_AUTONEG_BIT));
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eth_stats_get. */
    public static Stats stats(int port) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(RTE_ETH_STATS);
            DpdkException.check((int) RTE_ETH_STATS_GET.invokeExact((short) port, s), "rte_eth_stats_get(port " + port + ")");
            return new Stats(s.get(JAVA_LONG, offset(RTE_ETH_STATS, "ipackets")), s.get(JAVA_LONG, offset(RTE_ETH_STATS, "opackets")),
                    s.get(JAVA_LONG, offset(RTE_ETH_STATS, "ibytes")), s.get(JAVA_LONG, offset(RTE_ETH_STATS, "obytes")),
                    s.get(JAVA_LONG, offset(RTE_ETH_STATS, "imissed")), s.get(JAVA_LONG, offset(RTE_ETH_STATS, "ierrors")),
                    s.get(JAVA_LONG, offset(RTE_ETH_STATS, "oerrors")), s.get(JAVA_LONG, offset(RTE_ETH_STATS, "rx_nombuf")));
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eth_xstats_get_names + rte_eth_xstats_get: every extended statistic by name, in driver order. */
    public static Map<String, Long> xstats(int port) {
        try (Arena arena = Arena.ofConfined()) {
            int n = DpdkException.check((int) RTE_ETH_XSTATS_GET_NAMES.invokeExact((short) port, MemorySegment.NULL, 0),
                    "rte_eth_xstats_get_names(port " + port + ")");
            MemorySegment names = arena.allocate(DpdkLayouts.RTE_ETH_XSTAT_NAME, n);
            MemorySegment values = arena.allocate(DpdkLayouts.RTE_ETH_XSTAT, n);
            int named = DpdkException.check((int) RTE_ETH_XSTATS_GET_NAMES.invokeExact((short) port, names, n),
                    "rte_eth_xstats_get_names(port " + port + ")");
            int valued = DpdkException.check((int) RTE_ETH_XSTATS_GET.invokeExact((short) port, values, n),
                    "rte_eth_xstats_get(port " + port + ")");
            Map<String, Long> result = new LinkedHashMap<>();
            long nameSize = DpdkLayouts.RTE_ETH_XSTAT_NAME.byteSize();
            long statSize = DpdkLayouts.RTE_ETH_XSTAT.byteSize();
            for (int i = 0; i < Math.min(named, valued); i++) {
                long id = values.get(JAVA_LONG, i * statSize + offset(DpdkLayouts.RTE_ETH_XSTAT, "id"));
                long value = values.get(JAVA_LONG, i * statSize + offset(DpdkLayouts.RTE_ETH_XSTAT, "value"));
                result.put(names.getString(id * nameSize), value);
            }
            return result;
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eth_rx_burst into slots 0.. of {@code mbufs}; returns how many arrived. */
    public static int rxBurst(int port, int queue, MbufArray mbufs, int n) {
        try {
            return Short.toUnsignedInt((short) TL_RTE_ETH_RX_BURST.invokeExact((short) port, (short) queue, mbufs.segment().address(), (short) n));
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    /** rte_eth_tx_burst of slots {@code from .. from+n}; returns how many the device took (the rest stay the caller's). */
    public static int txBurst(int port, int queue, MbufArray mbufs, int from, int n) {
        try {
            return Short.toUnsignedInt((short) TL_RTE_ETH_TX_BURST.invokeExact((short) port, (short) queue, mbufs.slotAddress(from), (short) n));
        } catch (Throwable t) {
            throw Dpdk.rethrow(t);
        }
    }

    private static int u16(MemorySegment s, long offset) {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, offset));
    }

    private static boolean bit(long word, int bit) {
        return (word >>> bit & 1) != 0;
    }
}
