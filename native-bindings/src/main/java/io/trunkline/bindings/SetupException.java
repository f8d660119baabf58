package io.trunkline.bindings;

/**
 * Something about this machine keeps Trunkline from starting: a missing library, no hugepages, not
 * root. Carries one line of cause and one line of fix, which the launcher prints instead of a stack
 * trace.
 */
public class SetupException extends RuntimeException {
    private final String fix;

    public SetupException(String cause, String fix) {
        this(cause, fix, null);
    }

    public SetupException(String cause, String fix, Throwable throwable) {
        super(cause, throwable);
        this.fix = fix;
    }

    /** What the operator does about it, one line. */
    public String fix() {
        return fix;
    }
}
