package io.trunkline.fastpath.bfd;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A router the dispatcher runs a single-hop BFD session with.
 *
 * @param port    the worker port index (position in {@code WorkerResources.ports}) the router is on
 * @param address the router's address on that link, IPv4 or IPv6
 */
public record BfdPeer(int port, InetAddress address) {
    public BfdPeer {
        Objects.requireNonNull(address, "address");
        if (port < 0) {
            throw new IllegalArgumentException("BFD peer " + address.getHostAddress() + ": negative port index " + port);
        }
    }
}
