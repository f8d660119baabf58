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

    private PktgenScripts() {
    }

    /** Whether Pktgen's range mode makes {@code traffic}; otherwise Pktgen replays the capture. */
    public static boolean rangeMode(Traffic traffic) {
        return traffic.family() == Family.IPV4 && traffic.pattern() != Pattern.TCP_SHORT;
    }

    /**
     * The command file: rate {@code ratePercent} of the port's speed, the destination MAC of the
     * dispatcher's port, the scenario's ranges when {@link #rangeMode} holds.
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
            pkt.append("range ").append(PORT).append(" tcp flags syn\n");
        }
        pkt.append("enable ").append(PORT).append(" range\n");
        return pkt.toString();
    }

    /**
     * The Lua driver of the automatic run: loads the command file, sends for {@code seconds}, and
     * prints the port's transmitted-packet counter each second as {@code pktgen_opackets N}.
     */
    public static String driver(String commandFile, int seconds) {
        return String.join("\n",
                "-- Trunkline bench: drive Pktgen from the scenario's command file and report what it sent each second.",
                "package.path = package.path .. \";?.lua;test/?.lua;app/?.lua;\"",
                "require \"Pktgen\"",
                "local function sent()",
                "  local ok, s = pcall(pktgen.portStats, \"" + PORT + "\")",
                "  if not ok then ok, s = pcall(pktgen.portStats, \"" + PORT + "\", \"port\") end",
                "  if not ok or s == nil or s[" + PORT + "] == nil then return -1 end",
                "  local p = s[" + PORT + "]",
                "  return (p.curr and p.curr.opackets) or p.opackets or -1",
                "end",
                "pktgen.screen(\"off\")",
                "pktgen.load(\"" + commandFile + "\")",
                "pktgen.start(\"" + PORT + "\")",
                "for i = 1, " + seconds + " do",
                "  pktgen.delay(1000)",
                "  print(string.format(\"pktgen_opackets %d\", sent()))",
                "  io.stdout:flush()",
                "end",
                "pktgen.stop(\"" + PORT + "\")",
                "pktgen.quit()",
                "");
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
