package io.trunkline.bindings.verbs;

import static io.trunkline.bindings.verbs.VerbsLayouts.IBV_PORT_ATTR;
import static io.trunkline.bindings.verbs.VerbsLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/**
 * What ibv_query_port reports (struct ibv_port_attr).
 *
 * @param state      IBV_PORT_* (connect only when {@link #active()})
 * @param maxMtu     IBV_MTU_* the port supports
 * @param activeMtu  IBV_MTU_* in effect; a path MTU may not exceed either side's
 * @param lid        the port's local identifier on an InfiniBand subnet; 0 on RoCE
 * @param linkLayer  IBV_LINK_LAYER_*
 */
public record PortAttributes(int state, int maxMtu, int activeMtu, int gidTableLength, int maxMessageSize, int lid,
                             int linkLayer) {

    public boolean active() {
        return state == VerbsConstants.IBV_PORT_ACTIVE;
    }

    /** How peers on this port are addressed: RoCE (Ethernet) only by GID, InfiniBand by LID. */
    public Addressing addressing() {
        return Addressing.forLinkLayer(linkLayer);
    }

    /** Copies the members off a filled struct ibv_port_attr. */
    static PortAttributes read(MemorySegment attr) {
        return new PortAttributes(
                attr.get(JAVA_INT, offset(IBV_PORT_ATTR, "state")),
                attr.get(JAVA_INT, offset(IBV_PORT_ATTR, "max_mtu")),
                attr.get(JAVA_INT, offset(IBV_PORT_ATTR, "active_mtu")),
                attr.get(JAVA_INT, offset(IBV_PORT_ATTR, "gid_tbl_len")),
                attr.get(JAVA_INT, offset(IBV_PORT_ATTR, "max_msg_sz")),
                Short.toUnsignedInt(attr.get(JAVA_SHORT, offset(IBV_PORT_ATTR, "lid"))),
                Byte.toUnsignedInt(attr.get(JAVA_BYTE, offset(IBV_PORT_ATTR, "link_layer"))));
    }
}
