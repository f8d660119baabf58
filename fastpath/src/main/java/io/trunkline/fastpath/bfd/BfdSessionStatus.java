package io.trunkline.fastpath.bfd;

/**
 * A BFD session as seen from outside the worker that runs it.
 *
 * @param port                the worker port index of the link
 * @param peer                the router's address
 * @param state               our state
 * @param remoteState         the state the router last reported
 * @param localDiagnostic     our diagnostic code ({@link BfdDiagnostic})
 * @param localDiscriminator  bfd.LocalDiscr
 * @param remoteDiscriminator bfd.RemoteDiscr; 0 while the router is silent
 * @param adminDownSent       AdminDown and at least one packet saying so has gone out since
 */
public record BfdSessionStatus(int port, String peer, BfdState state, BfdState remoteState, int localDiagnostic,
                               int localDiscriminator, int remoteDiscriminator, boolean adminDownSent) {
}
