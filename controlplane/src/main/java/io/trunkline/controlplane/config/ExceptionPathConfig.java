package io.trunkline.controlplane.config;

import java.util.Objects;

/**
 * A data port's kernel exception path: a kernel interface (DPDK {@code net_tap}) with the port's MAC, MTU and
 * own addresses, through which BGP, SSH, ICMP echo and everything else for an own address that the fast path
 * does not answer reaches the kernel, and what the kernel sends goes out of the port.
 *
 * @param interfaceName the kernel interface's name (at most 15 characters), unique among the ports
 * @param rate          packets per second the fast path passes to the kernel, at most (token bucket)
 * @param burst         packets it passes at once above the rate
 */
public record ExceptionPathConfig(String interfaceName, long rate, int burst) {
    public static final long DEFAULT_RATE = 10_000;
    public static final int DEFAULT_BURST = 1_000;
    /** Linux's IFNAMSIZ less the terminating zero. */
    public static final int MAX_INTERFACE_NAME = 15;

    public ExceptionPathConfig {
        Objects.requireNonNull(interfaceName, "interfaceName");
    }
}
