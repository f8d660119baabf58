package io.trunkline.fastpath.bfd;

/** The Diag field of a BFD control packet (RFC 5880 section 4.1): why the session last left Up. */
public final class BfdDiagnostic {
    private BfdDiagnostic() {
    }

    public static final int NONE = 0;
    public static final int CONTROL_DETECTION_TIME_EXPIRED = 1;
    public static final int ECHO_FUNCTION_FAILED = 2;
    public static final int NEIGHBOR_SIGNALED_SESSION_DOWN = 3;
    public static final int FORWARDING_PLANE_RESET = 4;
    public static final int PATH_DOWN = 5;
    public static final int CONCATENATED_PATH_DOWN = 6;
    public static final int ADMINISTRATIVELY_DOWN = 7;
    public static final int REVERSE_CONCATENATED_PATH_DOWN = 8;

    private static final String[] NAMES = {"none", "control detection time expired", "echo function failed",
        "neighbor signaled session down", "forwarding plane reset", "path down", "concatenated path down",
        "administratively down", "reverse concatenated path down"};

    /** Operator text for a code, e.g. {@code administratively down}. */
    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "reserved (" + code + ")";
    }
}
