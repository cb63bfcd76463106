package dev.parley.presence.internal.pidf;

/** A body that is not a well-formed, safe PIDF document; the message says why, for a 400 reason phrase. */
public final class InvalidPidfException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidPidfException(String message) {
        super(message);
    }

    public InvalidPidfException(String message, Throwable cause) {
        super(message, cause);
    }
}
