package dev.parley.messaging.internal;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Message;

/** Between the MESSAGE handler, the registration listener and the messaging service of this bundle. */
public interface MessageRelay {

    /**
     * Checks a message against the recipient and the limits, stores it (the source of truth: durable on return)
     * and starts delivering it, without waiting for any contact. An indication (a content type of
     * {@code indication.types}, e.g. a typing notification) is not stored: it is relayed to the contacts
     * registered now, or refused with 480 when there are none. Throws a
     * {@link dev.parley.api.common.ParleyException} for a refused message.
     *
     * @param bodySize the size of the body on the wire, in bytes
     */
    Message accept(SipAddress from, SipAddress to, String contentType, String body, int bodySize);

    /** Delivers the pending messages of a recipient that just registered, on the service's own thread. */
    void recipientRegistered(SipAddress recipient);

    /**
     * A recipient refreshed its registration: its waiting messages (if any) are delivered now rather than at their
     * backed-off retry, on the service's own thread. Costs nothing for a recipient with none.
     */
    void recipientRefreshed(SipAddress recipient);
}
