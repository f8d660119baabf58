package io.trunkline.controlplane.routing;

import java.io.IOException;

/** BIRD refused a command, or could not be reached or started; the message is one line for the operator. */
public final class BirdException extends IOException {
    private static final long serialVersionUID = 1L;

    public BirdException(String message) {
        super(message);
    }

    public BirdException(String message, Throwable cause) {
        super(message, cause);
    }
}
