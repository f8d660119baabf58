package io.trunkline.controlplane.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One DPDK port of the dispatcher.
 *
 * @param name          operator-facing name, unique among the ports
 * @param device        a PCI address ({@code 0000:03:00.0}) or a DPDK virtual device string
 *                      ({@code net_af_xdp0,iface=veth-d1})
 * @param addresses     the dispatcher's own addresses on this port, with their on-link prefixes
 * @param mtu           layer 3 MTU in bytes
 * @param gateways      the routers NAT replies to clients go to, at most one per family, on this port's networks;
 *                      empty: the first BGP neighbour of the family on this port
 * @param exceptionPath the kernel interface that serves the own addresses for everything the fast path does
 *                      not answer itself; absent: such traffic is dropped
 */
public record PortConfig(String name, String device, List<Cidr> addresses, int mtu, List<InetAddress> gateways,
                         Optional<ExceptionPathConfig> exceptionPath) {
    public static final int DEFAULT_MTU = 1500;

    public PortConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(device, "device");
        addresses = List.copyOf(addresses);
        gateways = List.copyOf(gateways);
        Objects.requireNonNull(exceptionPath, "exceptionPath");
    }

    /** A port without gateways or exception path. */
    public PortConfig(String name, String device, List<Cidr> addresses, int mtu) {
        this(name, device, addresses, mtu, List.of(), Optional.empty());
    }
}
