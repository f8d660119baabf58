package io.trunkline.controlplane.lab;

/** A lab operation that failed, with a one-line message for the operator. */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
