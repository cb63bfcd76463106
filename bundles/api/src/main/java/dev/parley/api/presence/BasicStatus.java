package dev.parley.api.presence;

/** The PIDF {@code <basic>} status (RFC 3863 section 4.1.4): willing to communicate, or not. */
public enum BasicStatus {
    OPEN,
    CLOSED
}
