package io.trunkline.controlplane.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One router this dispatcher announces its VIPs to.
 *
 * @param address      the router's address on a port's network
 * @param as           the router's AS number
 * @param passwordFile a file holding the TCP MD5 password of the session (RFC 2385); absent: no password
 * @param source       the dispatcher's own address the session runs from; absent: its address of the
 *                     neighbour's family on the neighbour's network
 */
public record BgpNeighbourConfig(InetAddress address, long as, Optional<Path> passwordFile, Optional<InetAddress> source) {
    public BgpNeighbourConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(source, "source");
    }
}
