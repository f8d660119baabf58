package io.trunkline.fastpath.forward;

import org.agrona.concurrent.Agent;

/** Something that forwards from one port back out of it, driven by {@link ReplayForwarding}. */
public interface ReplayEngine extends Agent {
    /** One duty cycle; throws nothing, as a fast-path loop must not. */
    @Override
    int doWork();

    /** Frames handed to the transmit queue so far. */
    long packets();

    /** Builds the engine once the port is up. */
    @FunctionalInterface
    interface Factory {
        ReplayEngine create(int port);
    }
}
