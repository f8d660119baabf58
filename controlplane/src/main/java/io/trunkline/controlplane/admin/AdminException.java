package io.trunkline.controlplane.admin;

/**
 * A failure an operator reads as one line. On the daemon side a handler throws it and its message
 * becomes the response's {@code error}; on the client side {@link AdminClient} throws it with the
 * daemon's text, or with the reason the daemon could not be reached.
 */
public final class AdminException extends RuntimeException {
    public AdminException(String message) {
        super(message, null, false, false);
    }
}
