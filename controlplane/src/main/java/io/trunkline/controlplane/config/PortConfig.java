package io.trunkline.controlplane.config;

import java.util.List;
import java.util.Objects;

/**
 * One DPDK port of the dispatcher.
 *
 * @param name      operator-facing name, unique among the ports
 * @param device    a PCI address ({@code 0000:03:00.0}) or a DPDK virtual device string
 *                  ({@code net_af_xdp0,iface=veth-d1})
 * @param addresses the dispatcher's own addresses on this port, with their on-link prefixes
 * @param mtu       layer 3 MTU in bytes
 */
public record PortConfig(String name, String device, List<Cidr> addresses, int mtu) {
    public static final int DEFAULT_MTU = 1500;

    public PortConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(device, "device");
        addresses = List.copyOf(addresses);
    }
}
