package io.trunkline.fastpath.worker;

import io.trunkline.fastpath.packet.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Why the worker dropped a packet: the parser's verdicts under their own codes, then the worker's
 * own reasons after {@link Verdict#CODE_LIMIT}. The counter layout is built from {@link #names()}.
 */
public final class DropReasons {
    private DropReasons() {
    }

    /** Neither for a VIP nor a NAT reply from a backend (the exception path to the kernel comes later). */
    public static final int NOT_FOR_VIP = Verdict.CODE_LIMIT;
    /** A VIP whose backends all have weight 0 or are gone. */
    public static final int NO_BACKEND = Verdict.CODE_LIMIT + 1;
    /** The transmit queue was full. */
    public static final int TX_FULL = Verdict.CODE_LIMIT + 2;
    /** A tunnel VIP whose backend has an IPv6 address: outer headers are IPv4 only. */
    public static final int TUNNEL_FAMILY = Verdict.CODE_LIMIT + 3;

    private static final String[] WORKER_REASONS = {"NOT_FOR_VIP", "NO_BACKEND", "TX_FULL", "TUNNEL_FAMILY"};

    /** Every reason's name, indexed by code; codes no verdict uses are named by number. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int code = 0; code < Verdict.CODE_LIMIT; code++) {
            names.add(nameOf(code));
        }
        names.addAll(List.of(WORKER_REASONS));
        return names;
    }

    private static String nameOf(int code) {
        Verdict verdict = Verdict.ofCode(code);
        return verdict == null ? "CODE_" + code : verdict.name();
    }
}
