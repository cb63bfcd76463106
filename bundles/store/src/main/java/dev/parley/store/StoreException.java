package dev.parley.store;

/** The store could not do what was asked (database down, disk full, constraint the caller did not expect). */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
