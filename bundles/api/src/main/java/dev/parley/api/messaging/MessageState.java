package dev.parley.api.messaging;

/** Where a message is on its way to the recipient. */
public enum MessageState {
    /** Stored, not yet taken by any contact of the recipient: delivery is pending (offline recipient, retry). */
    STORED,
    /** A contact of the recipient answered 2xx. */
    DELIVERED,
    /** Given up: a contact refused it for good (6xx) or the attempts ran out. */
    FAILED,
    /** Not delivered before its expiry. */
    EXPIRED;

    /** True once the state can no longer change. */
    public boolean isFinal() {
        return this != STORED;
    }
}
