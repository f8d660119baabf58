package io.trunkline.controlplane.replication.bench;

import io.trunkline.store.FlowKey;

/**
 * The bench's sessions, numbered: session {@code i} is the TCP flow from client 198.18.0.0/15 address
 * {@code base + i / 32768}, port {@code 1024 + i % 32768}, to VIP 198.19.0.1:80. Deriving a key from
 * its number is a few arithmetic operations (no hashing, no allocation), and the receiver recovers the
 * number from the key it applied, which indexes the send time.
 */
final class BenchKeys {
    static final int MAX_SESSIONS = 1 << 30;
    private static final int CLIENT_BASE = 0xC6120000;
    private static final int VIP = 0xC6130001;
    private static final int PORT_BITS = 15;
    private static final int PORT_MASK = (1 << PORT_BITS) - 1;
    private static final int FIRST_PORT = 1024;

    private BenchKeys() {
    }

    /** Writes session {@code index}'s key into {@code into}. @return into */
    static FlowKey key(FlowKey into, int index) {
        return into.ipv4(FlowKey.PROTOCOL_TCP, CLIENT_BASE + (index >>> PORT_BITS), FIRST_PORT + (index & PORT_MASK), VIP, 80);
    }

    /** The number of the bench session {@code key} is, or -1 for a key the bench did not make. */
    static int index(FlowKey key) {
        final int high = key.clientIpv4() - CLIENT_BASE;
        final int port = key.clientPort() - FIRST_PORT;
        if (key.isIpv6() || key.vipIpv4() != VIP || high < 0 || high >= MAX_SESSIONS >>> PORT_BITS || port < 0 || port > PORT_MASK) {
            return -1;
        }
        return high << PORT_BITS | port;
    }
}
