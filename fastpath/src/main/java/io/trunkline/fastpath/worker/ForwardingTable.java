package io.trunkline.fastpath.worker;

import io.trunkline.fastpath.host.OwnAddresses;
import io.trunkline.fastpath.packet.IpAddresses;
import io.trunkline.fastpath.select.SelectionSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a worker needs to forward, at one moment: the VIPs with their forwarding modes, the
 * backends' addresses and next-hop MACs, the selection tables, the dispatcher's own addresses on each
 * port (they change with the configuration, as the rest does). Built by the control plane off the
 * fast path, immutable, published through {@link ForwardingTables}; a worker reads it once per burst.
 * Addresses are in the session table's form: two 64-bit halves, IPv4 as {@code ::ffff:a.b.c.d}.
 */
public final class ForwardingTable {
    /** A VIP: what it matches and how its packets go out. */
    public record Vip(int index, String name, int protocol, long addressHigh, long addressLow, int port, ForwardingMode mode) {
    }

    /**
     * Where a backend is: its next-hop MAC and, for NAT and tunnels, its address and port; port 0 is the port of the
     * VIP each session came for, so one backend serves NAT VIPs on several ports.
     */
    public record Target(int backendId, long mac, long addressHigh, long addressLow, int port) {
    }

    private final long version;
    private final SelectionSnapshot selection;
    private final AddressPortIndex vips;
    private final AddressPortIndex natReturns;
    private final ForwardingMode[] modes;
    private final int[] vipProtocol;
    private final long[] vipHigh;
    private final long[] vipLow;
    private final int[] vipPort;
    private final Target[] targets;
    private final long[] backendMacs;
    private final boolean[] reassigns;
    private final boolean[] resets;
    private final long[] gatewayMacs;
    private final int tunnelSource;
    private final OwnAddresses ownAddresses;

    private ForwardingTable(Builder b) {
        version = b.version;
        selection = b.selection;
        int vipCount = b.vips.stream().mapToInt(v -> v.index() + 1).max().orElse(0);
        modes = new ForwardingMode[vipCount];
        vipProtocol = new int[vipCount];
        vipHigh = new long[vipCount];
        vipLow = new long[vipCount];
        vipPort = new int[vipCount];
        vips = new AddressPortIndex(b.vips.size());
        for (Vip v : b.vips) {
            vips.put(v.protocol(), v.addressHigh(), v.addressLow(), v.port(), v.index());
            modes[v.index()] = v.mode();
            vipProtocol[v.index()] = v.protocol();
            vipHigh[v.index()] = v.addressHigh();
            vipLow[v.index()] = v.addressLow();
            vipPort[v.index()] = v.port();
        }
        int backendCount = b.targets.stream().mapToInt(t -> t.backendId() + 1).max().orElse(0);
        targets = new Target[backendCount];
        b.targets.forEach(t -> targets[t.backendId()] = t);
        backendMacs = new long[backendCount];
        b.targets.forEach(t -> backendMacs[t.backendId()] = t.mac());
        natReturns = new AddressPortIndex(b.natReturns.size());
        for (NatReturn r : b.natReturns) {
            int backendPort = r.backend().port() != 0 ? r.backend().port() : vipPort[r.vip()];
            natReturns.put(r.protocol(), r.backend().addressHigh(), r.backend().addressLow(), backendPort, r.vip());
        }
        reassigns = new boolean[vipCount];
        b.reassigning.forEach(v -> reassigns[v] = true);
        resets = new boolean[vipCount];
        b.resetting.forEach(v -> resets[v] = true);
        gatewayMacs = b.gatewayMacs.stream().mapToLong(Long::longValue).toArray();
        tunnelSource = b.tunnelSource;
        ownAddresses = b.ownAddresses;
    }

    public static Builder builder() {
        return new Builder();
    }

    public long version() {
        return version;
    }

    public SelectionSnapshot selection() {
        return selection;
    }

    /** The VIP a packet to this address and port is for, or -1. */
    public int vipIndex(int protocol, long addressHigh, long addressLow, int port) {
        return vips.get(protocol, addressHigh, addressLow, port);
    }

    /**
     * Whether {@code vipIndex} is the VIP of this protocol, address and port: {@code vipIndex(...) == vipIndex}
     * in a few array reads instead of a hash probe, for a flow that remembers its VIP (VIPs are distinct on
     * protocol, address and port, so an index that matches is the one the probe would give).
     */
    public boolean isVip(int vipIndex, int protocol, long addressHigh, long addressLow, int port) {
        return vipIndex < modes.length && modes[vipIndex] != null && vipLow[vipIndex] == addressLow
            && vipPort[vipIndex] == port && vipProtocol[vipIndex] == protocol && vipHigh[vipIndex] == addressHigh;
    }

    /** The VIP a NAT reply from this backend address and port belongs to, or -1. */
    public int natReturnVip(int protocol, long addressHigh, long addressLow, int port) {
        return natReturns.get(protocol, addressHigh, addressLow, port);
    }

    /** The first VIP on this address for this protocol whatever its port: for fragments without ports, or -1. */
    public int vipIndexAnyPort(int protocol, long addressHigh, long addressLow) {
        for (int v = 0; v < modes.length; v++) {
            if (modes[v] != null && vipProtocol[v] == protocol && vipHigh[v] == addressHigh && vipLow[v] == addressLow) {
                return v;
            }
        }
        return -1;
    }

    public ForwardingMode mode(int vipIndex) {
        return modes[vipIndex];
    }

    public long vipHigh(int vipIndex) {
        return vipHigh[vipIndex];
    }

    public long vipLow(int vipIndex) {
        return vipLow[vipIndex];
    }

    public int vipPort(int vipIndex) {
        return vipPort[vipIndex];
    }

    /** Whether flows of this VIP whose backend is gone move to another (pool policy reassign) rather than drop. */
    public boolean reassigns(int vipIndex) {
        return reassigns[vipIndex];
    }

    /** Whether TCP flows of this VIP whose backend is gone are answered with a reset (pool policy reset). */
    public boolean resets(int vipIndex) {
        return resets[vipIndex];
    }

    /** The backend's target, or null for an id this table does not know. */
    public Target target(int backendId) {
        return backendId >= 0 && backendId < targets.length ? targets[backendId] : null;
    }

    /**
     * The next-hop MAC of a backend this table has ({@link #target} not null): the established lane's one read
     * of the table for a flow it has already checked against it.
     */
    public long backendMac(int backendId) {
        return backendMacs[backendId];
    }

    /** The router's MAC on worker port {@code p} for IPv4 or IPv6: where NAT replies to clients go; 0 while unknown. */
    public long gatewayMac(int p, boolean ipv6) {
        int i = 2 * p + (ipv6 ? 1 : 0);
        return i < gatewayMacs.length ? gatewayMacs[i] : 0;
    }

    /** The dispatcher's IPv4 address, the outer source of tunnelled packets. */
    public int tunnelSource() {
        return tunnelSource;
    }

    /** The dispatcher's own addresses on each worker port: answered for (ARP, ND, BFD), never forwarded. */
    public OwnAddresses ownAddresses() {
        return ownAddresses;
    }

    /** Replies of protocol {@code protocol} from NAT backend {@code backend} belong to VIP {@code vip}. */
    private record NatReturn(int protocol, Target backend, int vip) {
    }

    /** Collects a table's contents; {@link #build} checks them. */
    public static final class Builder {
        private long version;
        private SelectionSnapshot selection = SelectionSnapshot.empty();
        private final List<Vip> vips = new ArrayList<>();
        private final List<Target> targets = new ArrayList<>();
        private final List<NatReturn> natReturns = new ArrayList<>();
        private final List<Integer> reassigning = new ArrayList<>();
        private final List<Integer> resetting = new ArrayList<>();
        private final List<Long> gatewayMacs = new ArrayList<>();
        private int tunnelSource;
        private OwnAddresses ownAddresses = OwnAddresses.none();

        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public Builder selection(SelectionSnapshot selection) {
            this.selection = selection;
            return this;
        }

        public Builder vip(Vip vip) {
            vips.add(vip);
            return this;
        }

        /** A backend; for a NAT VIP also pass {@code natVip} so replies from it map back (-1: none). */
        public Builder target(Target target, int protocol, int natVip) {
            targets.add(target);
            if (natVip >= 0) {
                natReturns.add(new NatReturn(protocol, target, natVip));
            }
            return this;
        }

        /** TCP flows of this VIP whose backend is gone get a reset, so the client stops at once. */
        public Builder resetOnBackendLoss(int vipIndex) {
            resetting.add(vipIndex);
            return this;
        }

        /** Flows of this VIP whose backend is gone take another backend instead of being dropped. */
        public Builder reassignOnBackendLoss(int vipIndex) {
            reassigning.add(vipIndex);
            return this;
        }

        /** The router's MAC on worker port {@code port} for one family. */
        public Builder gatewayMac(int port, boolean ipv6, long mac) {
            int i = 2 * port + (ipv6 ? 1 : 0);
            while (gatewayMacs.size() <= i) {
                gatewayMacs.add(0L);
            }
            gatewayMacs.set(i, mac);
            return this;
        }

        public Builder tunnelSource(int ipv4) {
            this.tunnelSource = ipv4;
            return this;
        }

        public Builder ownAddresses(OwnAddresses addresses) {
            this.ownAddresses = addresses;
            return this;
        }

        public ForwardingTable build() {
            long distinct = vips.stream().map(v -> Arrays.asList(v.protocol(), v.addressHigh(), v.addressLow(), v.port())).distinct().count();
            if (distinct != vips.size()) {
                throw new IllegalArgumentException("two VIPs share protocol, address and port");
            }
            return new ForwardingTable(this);
        }
    }

    /** The IPv4 address in the session table's form. */
    public static long ipv4Low(int address) {
        return IpAddresses.ipv4Mapped(address);
    }

    /**
     * (protocol, address, port) to an int, open addressing with linear probing; built once, read by
     * workers without allocation.
     */
    static final class AddressPortIndex {
        private final int mask;
        private final long[] high;
        private final long[] low;
        private final int[] protocolPort;
        private final int[] value;

        AddressPortIndex(int entries) {
            int size = Integer.highestOneBit(Math.max(4, entries * 4) - 1) << 1;
            mask = size - 1;
            high = new long[size];
            low = new long[size];
            protocolPort = new int[size];
            value = new int[size];
            Arrays.fill(value, -1);
        }

        void put(int protocol, long addressHigh, long addressLow, int port, int v) {
            int key = protocol << 16 | port;
            for (int i = slot(key, addressHigh, addressLow); ; i = (i + 1) & mask) {
                if (value[i] < 0 || (protocolPort[i] == key && high[i] == addressHigh && low[i] == addressLow)) {
                    high[i] = addressHigh;
                    low[i] = addressLow;
                    protocolPort[i] = key;
                    value[i] = v;
                    return;
                }
            }
        }

        int get(int protocol, long addressHigh, long addressLow, int port) {
            int key = protocol << 16 | port;
            for (int i = slot(key, addressHigh, addressLow); value[i] >= 0; i = (i + 1) & mask) {
                if (protocolPort[i] == key && high[i] == addressHigh && low[i] == addressLow) {
                    return value[i];
                }
            }
            return -1;
        }

        private int slot(int key, long addressHigh, long addressLow) {
            long h = (addressHigh * 31 + addressLow) * 0x9E3779B97F4A7C15L + key;
            return (int) (h ^ (h >>> 29)) & mask;
        }
    }
}
