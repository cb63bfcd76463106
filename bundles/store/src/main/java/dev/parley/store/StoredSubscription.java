package dev.parley.store;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.event.Subscription;

/**
 * A subscription as the events framework keeps it: the api record plus what it needs to keep notifying.
 *
 * @param subscription package, subscriber, resource, state, expiry and NOTIFY count
 * @param dialog the SIP dialog NOTIFYs go to; null for a subscription Parley holds itself (its notifications are
 *            posted on EventAdmin)
 * @param localCseq the CSeq of the last NOTIFY sent
 * @param remoteCseq the CSeq of the last SUBSCRIBE received in the dialog
 * @param eventId the Event header's id parameter, if the SUBSCRIBE had one
 * @param owner for a subscription Parley holds on behalf of a user, the id of the outgoing subscription it belongs
 *            to; null otherwise
 */
public record StoredSubscription(Subscription subscription, @Nullable SubscriptionDialog dialog, long localCseq,
        long remoteCseq, @Nullable String eventId, @Nullable String owner) {

    public String id() {
        return subscription.id();
    }
}
