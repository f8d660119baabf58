package io.trunkline.controlplane.bench;

import io.trunkline.fastpath.forward.DispatchReplay;
import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Pattern;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Traffic;
import io.trunkline.fastpath.worker.ForwardingMode;

/**
 * One throughput bench: the traffic (a generated capture, or what a generator makes of the same
 * shape), the forwarding the dispatcher does with it, and how it is measured.
 *
 * @param traffic one pass of the scenario's traffic
 * @param mode    how the VIP forwards (DSR or NAT)
 */
public record Scenario(String name, String description, Traffic traffic, ForwardingMode mode) {
    /**
     * Whether every pass must bring new flows: SYN storms and short connections measure opening
     * sessions, which a replayed capture does only on its first pass. Such a run measures one pass
     * over a capture of distinct flows, after a warm-up over other flows.
     */
    public boolean measuresNewFlows() {
        return traffic.pattern() != Pattern.UDP;
    }

    /** The dispatcher's set-up: sessions for this pass and a warm-up pass of as many other flows. */
    public DispatchReplay.Setup setup() {
        int sessions = measuresNewFlows() ? 2 * traffic.flows() : traffic.flows();
        return new DispatchReplay.Setup(traffic.family(), traffic.pattern().protocol(), mode, sessions);
    }

    /** Flows the warm-up pass of a new-flow scenario uses (none shared with the measured pass). */
    public Traffic warmUpTraffic() {
        return traffic.following(traffic.flows());
    }

    /** What one packet is, for a reader of the report. */
    public String unit() {
        return switch (traffic.pattern()) {
            case UDP -> "established-flow packets";
            case TCP_SYN -> "SYNs, each opening a session (SYN -> select -> insert -> sync record)";
            case TCP_SHORT -> "packets of short TCP connections (SYN, ACK, 2 data, FIN)";
        };
    }

    /** The scenario's shape in one line. */
    public String shape() {
        return String.format("%s %s, %d flows, %d-byte frames, %s", traffic.family() == SyntheticTraffic.Family.IPV6 ? "IPv6" : "IPv4",
                traffic.pattern().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), traffic.flows(), traffic.frameSize(), mode);
    }
}
