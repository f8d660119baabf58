package io.trunkline.controlplane.routing;

import io.trunkline.controlplane.config.Addresses;
import io.trunkline.controlplane.config.BgpConfig;
import io.trunkline.controlplane.config.BgpNeighbourConfig;
import io.trunkline.controlplane.config.Cidr;
import io.trunkline.controlplane.config.PortConfig;
import io.trunkline.controlplane.config.TrunklineConfig;
import io.trunkline.controlplane.config.VipConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes the BIRD 2 configuration of one dispatcher: its VIPs as static routes that exist only to be
 * exported, and one BGP session per router neighbour that exports exactly those and imports nothing.
 *
 * <ul>
 *   <li>No kernel protocol: the dispatcher installs nothing; its fast path owns the forwarding.</li>
 *   <li>{@code bfd off} on every session: the fast path answers the router's BFD itself, so that a
 *       dead fast path is what the router detects, not a dead BIRD.</li>
 *   <li>The VIP routes live in two static protocols, {@value #VIPS4} and {@value #VIPS6}. Announcing
 *       and withdrawing enable and disable them through the control socket ({@link BirdControl}),
 *       BIRD's own switch for a protocol's routes: no configuration is read again, and every session
 *       sends its update at once. The file written carries the state of the moment ({@code disabled})
 *       because BIRD's {@code configure} resets a protocol to what its file says: a reload or a restart
 *       of BIRD keeps the VIPs announced or withdrawn as they were.</li>
 * </ul>
 */
public final class BirdConfigWriter {
    /** The static protocol holding the IPv4 VIP routes. */
    public static final String VIPS4 = "trunkline_vips4";
    /** The static protocol holding the IPv6 VIP routes. */
    public static final String VIPS6 = "trunkline_vips6";
    /** RFC 2385 keys are at most 80 bytes; BIRD's strings end at the first double quote and have no escapes. */
    private static final Pattern PASSWORD = Pattern.compile("[\\x20-\\x21\\x23-\\x7e]{1,80}");

    private BirdConfigWriter() {
    }

    /**
     * The configuration text.
     *
     * @param config    the dispatcher's configuration; it must have {@code routing.bgp}
     * @param announced whether the VIPs are to be exported from the start
     * @throws BirdException when a password file cannot be read or holds no usable password
     */
    public static String render(TrunklineConfig config, boolean announced) throws BirdException {
        BgpConfig bgp = config.routing().bgp().orElseThrow(() -> new IllegalArgumentException("no routing.bgp"));
        StringBuilder out = new StringBuilder();
        out.append("# Written by Trunkline for ").append(config.node().name()).append(" (node ").append(config.node().id())
                .append("). Rewritten on every change; edit the Trunkline configuration instead.\n");
        out.append("log stderr { info, remote, warning, error, auth, fatal, bug };\n");
        out.append("router id ").append(Addresses.format(routerId(config, bgp))).append(";\n\n");
        out.append("# Interfaces and their addresses, for the single-hop sessions; no routes come from here.\n");
        out.append("protocol device {\n}\n\n");
        out.append("# The VIPs: enabled while announced (birdc enable/disable), exported to BGP only.\n");
        vips(out, VIPS4, "ipv4", "/32", addresses(config, Inet4Address.class), announced);
        vips(out, VIPS6, "ipv6", "/128", addresses(config, Inet6Address.class), announced);
        for (BgpNeighbourConfig neighbour : bgp.neighbours()) {
            session(out, config, bgp, neighbour);
        }
        return out.toString();
    }

    /**
     * Writes the configuration to {@code file}, readable by its owner only (it may hold passwords),
     * replacing the old one atomically: BIRD reads the old file or the new one, never half of it.
     */
    public static void write(TrunklineConfig config, boolean announced, Path file) throws IOException {
        write(render(config, announced), file);
    }

    /** Writes configuration text as {@link #write(TrunklineConfig, boolean, Path)} does. */
    public static void write(String text, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, text);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The router id the file gives BIRD: configured, or the first IPv4 address of the ports. */
    public static InetAddress routerId(TrunklineConfig config, BgpConfig bgp) {
        return bgp.routerId().orElseGet(() -> config.ports().stream().flatMap(p -> p.addresses().stream())
                .map(Cidr::address).filter(a -> a instanceof Inet4Address).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no IPv4 port address for the router id")));
    }

    /** BIRD's name for the session with a neighbour: stable while the neighbour's address is. */
    public static String protocolName(BgpNeighbourConfig neighbour) {
        return "router_" + Addresses.format(neighbour.address()).replace('.', '_').replace(':', '_');
    }

    private static List<InetAddress> addresses(TrunklineConfig config, Class<? extends InetAddress> family) {
        TreeMap<String, InetAddress> distinct = new TreeMap<>();
        config.vips().stream().map(VipConfig::address).filter(family::isInstance)
                .forEach(a -> distinct.put(Addresses.format(a), a));
        return List.copyOf(distinct.values());
    }

    private static void vips(StringBuilder out, String name, String channel, String length, List<InetAddress> vips,
                             boolean announced) {
        out.append("protocol static ").append(name).append(" {\n");
        out.append("  disabled ").append(announced ? "no" : "yes").append(";\n");
        out.append("  ").append(channel).append(";\n");
        for (InetAddress vip : vips) {
            out.append("  route ").append(Addresses.format(vip)).append(length).append(" blackhole;\n");
        }
        out.append("}\n\n");
    }

    private static void session(StringBuilder out, TrunklineConfig config, BgpConfig bgp, BgpNeighbourConfig neighbour)
            throws BirdException {
        PortConfig port = onLinkPort(config, neighbour.address());
        boolean v4 = neighbour.address() instanceof Inet4Address;
        InetAddress source = neighbour.source().orElseGet(() -> ownAddress(port, neighbour.address().getClass())
                .orElseThrow(() -> new IllegalArgumentException("no source address for " + neighbour.address())));
        out.append("protocol bgp ").append(protocolName(neighbour)).append(" {\n");
        out.append("  description \"").append(Addresses.format(neighbour.address())).append(" AS ").append(neighbour.as())
                .append(" on ").append(port.name()).append("\";\n");
        out.append("  local ").append(Addresses.format(source)).append(" as ").append(bgp.localAs()).append(";\n");
        out.append("  neighbor ").append(Addresses.format(neighbour.address())).append(" as ").append(neighbour.as()).append(";\n");
        out.append("  direct;\n");
        out.append("  hold time ").append(bgp.holdTime().toSeconds()).append(";\n");
        out.append("  keepalive time ").append(bgp.keepalive().toSeconds()).append(";\n");
        // BIRD waits 5 s before its first connect; a restarted dispatcher should be back sooner.
        out.append("  connect delay time 1;\n");
        out.append("  bfd off;\n");
        if (neighbour.passwordFile().isPresent()) {
            out.append("  password \"").append(password(neighbour.passwordFile().get())).append("\";\n");
        }
        channel(out, "ipv4", VIPS4, v4, ownAddress(port, Inet4Address.class));
        channel(out, "ipv6", VIPS6, !v4, ownAddress(port, Inet6Address.class));
        out.append("}\n\n");
    }

    /**
     * One address family of a session. Over a session of the other family (IPv6 VIPs to an IPv4
     * neighbour) the next hop is the dispatcher's address of this family on the same port; without
     * one the family is left out of the session.
     */
    private static void channel(StringBuilder out, String family, String vips, boolean sessionFamily,
                                Optional<InetAddress> nextHop) {
        if (!sessionFamily && nextHop.isEmpty()) {
            return;
        }
        out.append("  ").append(family).append(" {\n");
        out.append("    import none;\n");
        out.append("    export where proto = \"").append(vips).append("\";\n");
        if (!sessionFamily) {
            out.append("    next hop address ").append(Addresses.format(nextHop.get())).append(";\n");
        }
        out.append("  };\n");
    }

    private static PortConfig onLinkPort(TrunklineConfig config, InetAddress address) {
        return config.ports().stream().filter(p -> p.addresses().stream().anyMatch(c -> c.contains(address)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(address + " is on no port's network"));
    }

    private static Optional<InetAddress> ownAddress(PortConfig port, Class<? extends InetAddress> family) {
        return port.addresses().stream().map(Cidr::address).filter(family::isInstance)
                .filter(a -> !a.isLinkLocalAddress()).findFirst();
    }

    private static String password(Path file) throws BirdException {
        String text;
        try {
            text = StandardCharsets.US_ASCII.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new BirdException("BGP password file " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BirdException("BGP password file " + file + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new BirdException("BGP password file " + file + ": not ASCII text");
        } catch (IOException e) {
            throw new BirdException("BGP password file " + file + ": " + e.getMessage());
        }
        String password = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (!PASSWORD.matcher(password).matches()) {
            throw new BirdException("BGP password file " + file
                    + ": must hold one line of 1 to 80 printable ASCII characters without '\"'");
        }
        return password;
    }
}
