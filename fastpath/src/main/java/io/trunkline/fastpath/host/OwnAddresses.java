package io.trunkline.fastpath.host;

import java.util.ArrayList;
import java.util.List;

/**
 * The dispatcher's own IPv4 and IPv6 addresses on each data port: what it answers ARP and neighbour
 * solicitations for, where BFD arrives, what the kernel exception path will serve. Ports are numbered as
 * the worker numbers them (the index into {@code WorkerResources.ports}), not by DPDK port id.
 * Immutable; built by the control plane from {@code PortConfig.addresses} and carried by the forwarding
 * table, so a configuration change reaches the workers with the next table. A port has a handful of
 * addresses: lookups scan a short array, no allocation.
 */
public final class OwnAddresses {
    private static final OwnAddresses NONE = new Builder().build();
    private static final int[] NO_IPV4 = new int[0];
    private static final long[] NO_IPV6 = new long[0];

    private final int[][] ipv4;
    private final long[][] ipv6;

    private OwnAddresses(Builder b) {
        int ports = Math.max(b.ipv4.size(), b.ipv6.size());
        ipv4 = new int[ports][];
        ipv6 = new long[ports][];
        for (int p = 0; p < ports; p++) {
            ipv4[p] = p < b.ipv4.size() ? b.ipv4.get(p).stream().mapToInt(Integer::intValue).toArray() : NO_IPV4;
            ipv6[p] = p < b.ipv6.size() ? b.ipv6.get(p).stream().mapToLong(Long::longValue).toArray() : NO_IPV6;
        }
    }

    /** No addresses on any port: the fast path answers nothing for itself. */
    public static OwnAddresses none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when {@code address} is one of port {@code p}'s IPv4 addresses. */
    public boolean isOwnIpv4(int p, int address) {
        if (p >= ipv4.length) {
            return false;
        }
        for (int a : ipv4[p]) {
            if (a == address) {
                return true;
            }
        }
        return false;
    }

    /** True when the address (high, low 64 bits) is one of port {@code p}'s IPv6 addresses. */
    public boolean isOwnIpv6(int p, long high, long low) {
        if (p >= ipv6.length) {
            return false;
        }
        long[] pairs = ipv6[p];
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == high && pairs[i + 1] == low) {
                return true;
            }
        }
        return false;
    }

    /** Port {@code p}'s first IPv4 address, what the fast path answers from on that port; 0 when it has none. */
    public int firstIpv4(int p) {
        return p < ipv4.length && ipv4[p].length > 0 ? ipv4[p][0] : 0;
    }

    /** Whether port {@code p} has an IPv6 address: then {@link #firstIpv6High} and {@link #firstIpv6Low} give the first. */
    public boolean hasIpv6(int p) {
        return p < ipv6.length && ipv6[p].length > 0;
    }

    public long firstIpv6High(int p) {
        return ipv6[p][0];
    }

    public long firstIpv6Low(int p) {
        return ipv6[p][1];
    }

    /** Number of ports that have at least one entry. */
    public int ports() {
        return ipv4.length;
    }

    /** Port {@code p}'s IPv4 addresses, for tests and operator output. */
    public int[] ipv4(int p) {
        return p < ipv4.length ? ipv4[p].clone() : NO_IPV4;
    }

    /** Collects addresses port by port. */
    public static final class Builder {
        private final List<List<Integer>> ipv4 = new ArrayList<>();
        private final List<List<Long>> ipv6 = new ArrayList<>();

        public Builder ipv4(int port, int address) {
            grow(ipv4, port).add(address);
            return this;
        }

        public Builder ipv6(int port, long high, long low) {
            List<Long> pairs = grow(ipv6, port);
            pairs.add(high);
            pairs.add(low);
            return this;
        }

        public OwnAddresses build() {
            return new OwnAddresses(this);
        }

        private static <T> List<T> grow(List<List<T>> perPort, int port) {
            if (port < 0 || port > 1023) {
                throw new IllegalArgumentException("port index " + port + " outside 0..1023");
            }
            while (perPort.size() <= port) {
                perPort.add(new ArrayList<>());
            }
            return perPort.get(port);
        }
    }
}
