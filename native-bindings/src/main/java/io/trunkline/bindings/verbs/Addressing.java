package io.trunkline.bindings.verbs;

/**
 * How the address vector (struct ibv_ah_attr) of a connected QP names the remote port. InfiniBand
 * within one subnet routes by LID; RoCE has no LIDs, so every packet carries a global route header
 * (is_global = 1) with the peer's GID.
 */
public enum Addressing {
    /** ah_attr.dlid = remote LID, is_global = 0. */
    LID,
    /** ah_attr.is_global = 1, grh.dgid = remote GID, grh.sgid_index = the local GID entry to send from. */
    GID;

    /** GID for an Ethernet (RoCE) link layer, LID otherwise. */
    public static Addressing forLinkLayer(int linkLayer) {
        return linkLayer == VerbsConstants.IBV_LINK_LAYER_ETHERNET ? GID : LID;
    }
}
