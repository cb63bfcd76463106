package dev.parley.api.common;

/** The one exception Parley services throw for expected failures; its message is safe to show to a user. */
public class ParleyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ParleyError error;

    public ParleyException(ParleyError error, String message) {
        super(message);
        this.error = error;
    }

    public ParleyException(ParleyError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public ParleyError error() {
        return error;
    }
}
