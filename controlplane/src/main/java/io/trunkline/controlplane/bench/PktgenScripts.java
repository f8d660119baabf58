package io.trunkline.controlplane.bench;

import io.trunkline.fastpath.pcap.SyntheticTraffic;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Family;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Pattern;
import io.trunkline.fastpath.pcap.SyntheticTraffic.Traffic;
import java.util.Locale;

/**
 * Pktgen-DPDK command files (.pkt) for a scenario's traffic, and the Lua driver the automatic run
 * uses. IPv4 UDP and SYN-storm scenarios are Pktgen ranges: source addresses and ports counting
 * through the scenario's flows exactly as {@link SyntheticTraffic} numbers them, to the VIP, at the
 * scenario's frame size. IPv6 and short-connection scenarios replay the scenario's capture instead
 * (Pktgen {@code -s 0:FILE}): its ranges count IPv4 addresses only, and a short connection's five
 * packets differ in flags and size.
 */
public final class PktgenScripts {
    /** Pktgen's socket of the memif the dispatcher connects to is port 0. */
    private static final String PORT = "0";
    /** What the driver prints once the port sends. */
    static final String SENDING = "pktgen_sending";
    /** Milliseconds between saying it stopped and closing its port: the holding dispatcher stops polling meanwhile. */
    private static final int QUIT_DELAY_MS = 1000;
    /** Pktgen keeps at most 50 108 latency samples a port; a probe each 10 ms fills that in over 8 minutes. */
    private static final int LATENCY_SAMPLES = 50_000;

    private PktgenScripts() {
    }

    /** Whether Pktgen's range mode makes {@code traffic}; otherwise Pktgen replays the capture. */
    public static boolean rangeMode(Traffic traffic) {
        return traffic.family() == Family.IPV4 && traffic.pattern() != Pattern.TCP_SHORT;
    }

    /**
     * Whether Pktgen measures latency in {@code traffic}'s scenario: its timestamped probes are IPv4
     * UDP, which only the IPv4 UDP scenarios' VIP forwards.
     */
    public static boolean measuresLatency(Traffic traffic) {
        return rangeMode(traffic) && traffic.pattern() == Pattern.UDP;
    }

    /**
     * The command file: rate {@code ratePercent} of the port's speed, the destination MAC of the
     * dispatcher's port, the scenario's ranges when {@link #rangeMode} holds, and latency probes
     * when {@link #measuresLatency} does.
     */
    public static String commands(Scenario scenario, int ratePercent) {
        Traffic t = scenario.traffic();
        StringBuilder pkt = new StringBuilder();
        pkt.append("# Trunkline bench scenario ").append(scenario.name()).append(": ").append(scenario.shape()).append('\n');
        pkt.append("# ").append(scenario.description()).append('\n');
        pkt.append("stop ").append(PORT).append('\n');
        pkt.append("set ").append(PORT).append(" rate ").append(ratePercent).append('\n');
        pkt.append("set ").append(PORT).append(" burst 32\n");
        pkt.append("set ").append(PORT).append(" dst mac ").append(mac(SyntheticTraffic.DISPATCHER_MAC)).append('\n');
        if (!rangeMode(t)) {
            pkt.append("# the traffic is the scenario's capture: pktgen ... -- -s 0:").append(scenario.name()).append(".pcap\n");
            pkt.append("enable ").append(PORT).append(" pcap\n");
            return pkt.toString();
        }
        int clients = (t.flows() + SyntheticTraffic.PORTS_PER_CLIENT - 1) / SyntheticTraffic.PORTS_PER_CLIENT;
        // Pktgen steps every range field on every packet: address and port counts must be coprime for
        // their pairs to cover clients x ports flows, so an even port count loses one port.
        int ports = Math.min(t.flows(), SyntheticTraffic.PORTS_PER_CLIENT);
        if (clients > 1 && ports % 2 == 0) {
            ports--;
        }
        pkt.append("# ").append(clients * ports).append(" distinct flows: ").append(clients).append(" source addresses x ")
                .append(ports).append(" source ports\n");
        if (measuresLatency(t)) {
            // The probes copy the single-packet flow: make it one of the scenario's flows to the VIP.
            pkt.append("# latency probes (IPv4 UDP, timestamped) on the flow ").append(ipv4(SyntheticTraffic.CLIENT))
                    .append(":1024 -> VIP:80, every 10 ms\n");
            pkt.append("set ").append(PORT).append(" type ipv4\n");
            pkt.append("set ").append(PORT).append(" proto udp\n");
            pkt.append("set ").append(PORT).append(" src ip ").append(ipv4(SyntheticTraffic.CLIENT)).append("/24\n");
            pkt.append("set ").append(PORT).append(" dst ip ").append(ipv4(SyntheticTraffic.VIP)).append('\n');
            pkt.append("set ").append(PORT).append(" sport 1024\n");
            pkt.append("set ").append(PORT).append(" dport ").append(SyntheticTraffic.VIP_PORT).append('\n');
            pkt.append("enable ").append(PORT).append(" latency\n");
        }
        String proto = t.pattern() == Pattern.UDP ? "udp" : "tcp";
        range(pkt, "dst mac", mac(SyntheticTraffic.DISPATCHER_MAC), mac(SyntheticTraffic.DISPATCHER_MAC),
                mac(SyntheticTraffic.DISPATCHER_MAC), "00:00:00:00:00:00");
        range(pkt, "src mac", mac(SyntheticTraffic.CLIENT_MAC), mac(SyntheticTraffic.CLIENT_MAC), mac(SyntheticTraffic.CLIENT_MAC),
                "00:00:00:00:00:00");
        range(pkt, "src ip", ipv4(SyntheticTraffic.CLIENT), ipv4(SyntheticTraffic.CLIENT), ipv4(SyntheticTraffic.CLIENT + clients - 1),
                clients > 1 ? "0.0.0.1" : "0.0.0.0");
        range(pkt, "dst ip", ipv4(SyntheticTraffic.VIP), ipv4(SyntheticTraffic.VIP), ipv4(SyntheticTraffic.VIP), "0.0.0.0");
        pkt.append("range ").append(PORT).append(" proto ").append(proto).append('\n');
        range(pkt, "src port", "1024", "1024", Integer.toString(1024 + ports - 1), "1");
        range(pkt, "dst port", "80", "80", "80", "0");
        String size = Integer.toString(t.frameSize() + 4); // Pktgen sizes count the 4-byte FCS
        range(pkt, "size", size, size, size, "0");
        if (t.pattern() == Pattern.TCP_SYN) {
            // A range packet starts with the single packet's flags (ACK): clear them, then set SYN.
            pkt.append("range ").append(PORT).append(" tcp flag clr all\n");
            pkt.append("range ").append(PORT).append(" tcp flag set syn\n");
        }
        pkt.append("enable ").append(PORT).append(" range\n");
        return pkt.toString();
    }

    /**
     * The Lua driver of the automatic run: loads the command file, starts the port, prints
     * {@link #SENDING}, then each second the port's transmitted-packet counter as
     * {@code pktgen_opackets N} until {@code stopFile} exists or {@code seconds} pass; then stops
     * sending, creates {@code stoppedFile} and quits a second later (a dispatcher holding its
     * connection, {@code bench dispatch --hold-until}, stops polling in that second: net_memif must
     * not lose its peer while it polls). Where Pktgen measures latency, it samples every probe that
     * comes back and writes the round trips (ns, one a line after a {@code Latency} header) to
     * {@code latencyFile} when it stops.
     * The script runs on Pktgen's main thread ({@code -f FILE.lua}), where the {@code pktgen} library
     * is loaded; {@code portStats(port, "port")} returns the totals its statistics thread refreshes
     * each second.
     */
    public static String driver(Scenario scenario, String commandFile, String stopFile, String stoppedFile, String latencyFile, int seconds) {
        boolean latency = measuresLatency(scenario.traffic());
        StringBuilder lua = new StringBuilder();
        lua.append("-- Trunkline bench: drive Pktgen from the scenario's command file and report what it sent each second.\n");
        lua.append("pktgen.screen(\"off\")\n");
        lua.append("pktgen.load(\"").append(commandFile).append("\")\n");
        if (latency) {
            lua.append("pktgen.latsampler_params(\"" + PORT + "\", \"simple\", ").append(LATENCY_SAMPLES).append(", 1000, \"")
                    .append(latencyFile).append("\")\n");
            lua.append("pktgen.latsampler(\"" + PORT + "\", \"start\")\n");
        }
        lua.append("pktgen.start(\"" + PORT + "\")\n");
        lua.append("print(\"" + SENDING + "\")\n");
        lua.append("io.stdout:flush()\n");
        lua.append("for i = 1, ").append(seconds).append(" do\n");
        lua.append("  pktgen.delay(1000)\n");
        lua.append("  print(string.format(\"pktgen_opackets %d\", pktgen.portStats(\"" + PORT + "\", \"port\")[" + PORT + "].opackets))\n");
        lua.append("  io.stdout:flush()\n");
        lua.append("  local stop = io.open(\"").append(stopFile).append("\", \"r\")\n");
        lua.append("  if stop then stop:close() break end\n");
        lua.append("end\n");
        if (latency) {
            lua.append("pktgen.latsampler(\"" + PORT + "\", \"stop\")\n");
        }
        lua.append("pktgen.stop(\"" + PORT + "\")\n");
        lua.append("local stopped = io.open(\"").append(stoppedFile).append("\", \"w\")\n");
        lua.append("stopped:write(\"stopped\\n\")\n");
        lua.append("stopped:close()\n");
        lua.append("pktgen.delay(" + QUIT_DELAY_MS + ")\n");
        lua.append("pktgen.quit()\n");
        return lua.toString();
    }

    private static void range(StringBuilder pkt, String field, String start, String min, String max, String inc) {
        String prefix = "range " + PORT + " " + field + " ";
        pkt.append(prefix).append("start ").append(start).append('\n');
        pkt.append(prefix).append("min ").append(min).append('\n');
        pkt.append(prefix).append("max ").append(max).append('\n');
        pkt.append(prefix).append("inc ").append(inc).append('\n');
    }

    static String ipv4(int address) {
        return String.format(Locale.ROOT, "%d.%d.%d.%d", address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff);
    }

    static String mac(long mac) {
        StringBuilder s = new StringBuilder();
        for (int shift = 40; shift >= 0; shift -= 8) {
            s.append(String.format(Locale.ROOT, "%02x", (mac >>> shift) & 0xff)).append(shift > 0 ? ":" : "");
        }
        return s.toString();
    }
}
