package io.trunkline.controlplane.cli;

import io.trunkline.bindings.SetupException;

/**
 * Turns an exception into what an operator reads: "trunkline: cause", plus a "fix:" line when
 * the cause is a known machine problem. No stack traces for operator mistakes or missing setup.
 */
final class OperatorMessages {
    private OperatorMessages() {
    }

    static String describe(Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof SetupException setup) {
            return "trunkline: " + setup.getMessage() + System.lineSeparator() + "  fix: " + setup.fix();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return "trunkline: " + message;
    }

    /** Class initialisers wrap what the bindings throw while loading; the operator wants the inner cause. */
    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExceptionInInitializerError || t instanceof NoClassDefFoundError) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
