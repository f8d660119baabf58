package io.trunkline.controlplane.bench;

import io.trunkline.fastpath.pcap.SyntheticTraffic.Family;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Pattern;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Traffic;
import io.trunkline.fastpath.worker.ForwardingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The bench scenarios, in the order {@code make bench} runs them. */
public final class Scenarios {
    /** Flows of the established-flow scenarios that compare sizes, families and modes. */
    public static final int FLOWS = 16384;
    /** Connections of the new-flow scenarios: one pass lasts about a second at the target rate. */
    public static final int NEW_FLOWS = 1 << 20;

    private static final List<Scenario> ALL = List.of(
            udp("established-256", "256 established UDP flows: what dpdk-testpmd txonly generates", Family.IPV4, 256, 64, ForwardingMode.DSR),
            udp("established-16k", "16 k established flows, 64-byte frames", Family.IPV4, FLOWS, 64, ForwardingMode.DSR),
            udp("established-1m", "1 M established flows, 64-byte frames (flow cache beyond the CPU caches)", Family.IPV4, 1 << 20, 64,
                    ForwardingMode.DSR),
            udp("established-16k-512", "16 k established flows, 512-byte frames", Family.IPV4, FLOWS, 512, ForwardingMode.DSR),
            udp("established-16k-1500", "16 k established flows, 1500-byte frames", Family.IPV4, FLOWS, 1500, ForwardingMode.DSR),
            udp("established-16k-ipv6", "16 k established IPv6 flows, 64-byte frames", Family.IPV6, FLOWS, 64, ForwardingMode.DSR),
            udp("established-16k-nat", "16 k established flows through a NAT VIP", Family.IPV4, FLOWS, 64, ForwardingMode.NAT),
            udp("established-16k-ipv6-nat", "16 k established IPv6 flows through a NAT VIP", Family.IPV6, FLOWS, 64, ForwardingMode.NAT),
            new Scenario("syn-storm", "new-connection storm: every packet a new flow's SYN", new Traffic(Family.IPV4, Pattern.TCP_SYN,
                    NEW_FLOWS, 64, 0), ForwardingMode.DSR),
            new Scenario("syn-storm-ipv6", "new-connection storm over IPv6", new Traffic(Family.IPV6, Pattern.TCP_SYN, NEW_FLOWS, 64, 0),
                    ForwardingMode.DSR),
            new Scenario("short-connections", "short TCP connections: SYN, ACK, two 512-byte data segments, FIN",
                    new Traffic(Family.IPV4, Pattern.TCP_SHORT, NEW_FLOWS / 8, 512, 0), ForwardingMode.DSR),
            new Scenario("short-connections-nat", "short TCP connections through a NAT VIP",
                    new Traffic(Family.IPV4, Pattern.TCP_SHORT, NEW_FLOWS / 8, 512, 0), ForwardingMode.NAT));

    /** What {@code BENCH_QUICK=1 make bench} runs: one of each kind. */
    private static final List<String> QUICK = List.of("established-16k", "established-16k-nat", "syn-storm");

    /** Left out of {@code default} (what {@code make bench} runs) to keep it within about ten minutes; {@code all} has them. */
    private static final List<String> ONLY_IN_ALL = List.of("established-16k-ipv6-nat", "short-connections-nat");

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return ALL;
    }

    public static List<Scenario> quick() {
        return QUICK.stream().map(Scenarios::named).toList();
    }

    /** The scenario called {@code name}; an unknown name is an error listing the known ones. */
    public static Scenario named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no bench scenario '" + name + "' (known: " + ALL.stream().map(Scenario::name).collect(Collectors.joining(", ")) + ")"));
    }

    /** Every scenario but the NAT twins of the IPv6 and short-connection ones. */
    public static List<Scenario> standard() {
        return ALL.stream().filter(s -> !ONLY_IN_ALL.contains(s.name())).toList();
    }

    /** The scenarios called {@code names}, or the sets {@code default}, {@code all} and {@code quick}. */
    public static List<Scenario> select(List<String> names) {
        List<Scenario> chosen = new ArrayList<>();
        for (String name : names) {
            switch (name) {
                case "all" -> chosen.addAll(ALL);
                case "default" -> chosen.addAll(standard());
                case "quick" -> chosen.addAll(quick());
                default -> chosen.add(named(name));
            }
        }
        return chosen;
    }

    private static Scenario udp(String name, String description, Family family, int flows, int size, ForwardingMode mode) {
        return new Scenario(name, description, new Traffic(family, Pattern.UDP, flows, size, 0), mode);
    }
}
