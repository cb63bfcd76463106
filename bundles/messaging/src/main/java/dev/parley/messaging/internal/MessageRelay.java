package dev.parley.messaging.internal;

import dev.parley.api.common.SipAddress;
import dev.parley.store.StoredMessage;

/** Between the MESSAGE handler, the registration listener and the messaging service of this bundle. */
public interface MessageRelay {

    /**
     * Checks a message against the recipient and the limits and stores it (the store is the source of truth):
     * durable on return. Throws a {@link dev.parley.api.common.ParleyException} for a refused message.
     *
     * @param bodySize the size of the body on the wire, in bytes
     */
    StoredMessage accept(SipAddress from, SipAddress to, String contentType, String body, int bodySize);

    /** Starts delivering a stored message to the recipient's registered contacts; returns at once. */
    void deliver(StoredMessage message);

    /** Delivers the pending messages of a recipient that just registered, on the service's own thread. */
    void recipientRegistered(SipAddress recipient);
}
