package dev.parley.api.call;

/** A call as one user saw it. */
public enum CallDirection {
    /** The user called. */
    OUTGOING,
    /** The user was called. */
    INCOMING
}
