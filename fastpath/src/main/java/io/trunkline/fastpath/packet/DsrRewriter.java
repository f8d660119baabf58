package io.trunkline.fastpath.packet;

import static io.trunkline.fastpath.packet.NetworkOrder.set32;
import static io.trunkline.fastpath.packet.NetworkOrder.set64;

import io.trunkline.fastpath.packet.Headers.Ethernet;
import java.lang.foreign.MemorySegment;

/**
 * L2 direct server return, the seed's forwarding: the frame goes to the backend's MAC from this port's
 * MAC and nothing above L2 changes, so the backend (VIP on its loopback) answers the client directly.
 * One per port; stateless per packet.
 */
public final class DsrRewriter {
    private final long portMac;

    /** @param portMac the MAC of the port the frame leaves by, as from {@link MacAddress#parse} */
    public DsrRewriter(long portMac) {
        this.portMac = portMac;
    }

    /** Readdresses the parsed frame to {@code backendMac}; the view's MAC fields follow. */
    public void rewrite(PacketParser view, long backendMac) {
        rewrite(view.segment(), view.base(), backendMac);
        view.destinationMac(backendMac);
        view.sourceMac(portMac);
    }

    /**
     * Readdresses the frame starting at {@code frameStart}, e.g. after encapsulation moved its start. The two
     * MACs are adjacent (destination at 0, source at 6): written as one 8-byte and one 4-byte store, not four.
     */
    public void rewrite(MemorySegment segment, long frameStart, long destinationMac) {
        set64(segment, frameStart + Ethernet.DESTINATION, destinationMac << 16 | portMac >>> 32);
        set32(segment, frameStart + Ethernet.SOURCE + 2, (int) portMac);
    }

    public long portMac() {
        return portMac;
    }
}
