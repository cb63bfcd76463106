package dev.parley.events.internal;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionState;
import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;
import dev.parley.store.StoredSubscription;
import dev.parley.store.SubscriptionDialog;

/**
 * One subscription as the notifier keeps it in memory: the copy NOTIFYs are built from without a store read. Its
 * monitor orders the NOTIFYs of one subscription (their CSeq must rise in the order they leave).
 */
final class LiveSubscription {

    private final String id;
    private final String eventPackage;
    private final SipAddress subscriber;
    private final SipAddress resource;
    private final @Nullable String eventId;
    private final @Nullable String owner;
    private @Nullable DialogState dialog;
    private SubscriptionState state;
    private Instant expiresAt;
    private long notifyCount;
    private long localCseq;
    private long remoteCseq;

    LiveSubscription(String id, String eventPackage, SipAddress subscriber, SipAddress resource,
            SubscriptionState state, Instant expiresAt, @Nullable DialogState dialog, long remoteCseq,
            @Nullable String eventId, @Nullable String owner) {
        this.id = id;
        this.eventPackage = eventPackage;
        this.subscriber = subscriber;
        this.resource = resource;
        this.state = state;
        this.expiresAt = expiresAt;
        this.dialog = dialog;
        this.remoteCseq = remoteCseq;
        this.eventId = eventId;
        this.owner = owner;
    }

    /**
     * Restores a stored subscription; {@code margin} skips the CSeqs and document versions a crash may have used
     * without storing them (a subscriber discards a NOTIFY whose CSeq, or document whose version, is not higher).
     */
    static LiveSubscription restore(StoredSubscription stored, long margin) {
        Subscription subscription = stored.subscription();
        SubscriptionDialog saved = stored.dialog();
        DialogState dialog = saved == null ? null
                : new DialogState(saved.callId(), saved.localAddress(), saved.localTag(), saved.remoteAddress(),
                        saved.remoteTag(), saved.remoteTarget(), saved.routeSet(), saved.transport(), flow(saved));
        LiveSubscription live = new LiveSubscription(subscription.id(), subscription.eventPackage(),
                subscription.subscriber(), subscription.resource(), subscription.state(), subscription.expiresAt(),
                dialog, stored.remoteCseq(), stored.eventId(), stored.owner());
        live.notifyCount = subscription.notifyCount() + margin;
        live.localCseq = stored.localCseq() + margin;
        return live;
    }

    private static @Nullable RequestSource flow(SubscriptionDialog saved) {
        String transport = saved.flowTransport();
        String source = saved.flowSource();
        return transport == null || source == null ? null : RequestSource.parse(transport, source);
    }

    String id() {
        return id;
    }

    String eventPackage() {
        return eventPackage;
    }

    SipAddress subscriber() {
        return subscriber;
    }

    SipAddress resource() {
        return resource;
    }

    @Nullable
    String eventId() {
        return eventId;
    }

    @Nullable
    String owner() {
        return owner;
    }

    synchronized @Nullable DialogState dialog() {
        return dialog;
    }

    synchronized SubscriptionState state() {
        return state;
    }

    synchronized Instant expiresAt() {
        return expiresAt;
    }

    synchronized long remoteCseq() {
        return remoteCseq;
    }

    /** The api view, with the NOTIFY count so far (the version of the next document). */
    synchronized Subscription view() {
        return new Subscription(id, eventPackage, subscriber, resource, state, expiresAt, notifyCount);
    }

    /** Whole seconds left, never negative. */
    synchronized long expiresIn(Instant now) {
        return Math.max(0, Duration.between(now, expiresAt).toSeconds());
    }

    /** Counts one NOTIFY about to be sent and returns its CSeq. */
    synchronized long nextNotify() {
        notifyCount++;
        return ++localCseq;
    }

    /** A refresh in the dialog: new expiry, the SUBSCRIBE's CSeq and, if it had a Contact, the new target. */
    synchronized void refresh(Instant newExpiry, long cseq, @Nullable String newTarget) {
        expiresAt = newExpiry;
        remoteCseq = cseq;
        if (newTarget != null && dialog != null) {
            dialog = dialog.withRemoteTarget(newTarget);
        }
    }

    /** A subscription Parley holds itself does not lapse: it is extended. */
    synchronized void extend(Instant newExpiry) {
        expiresAt = newExpiry;
    }

    synchronized void setState(SubscriptionState newState) {
        state = newState;
    }

    synchronized StoredSubscription stored() {
        DialogState current = dialog;
        RequestSource flow = current == null ? null : current.flow();
        SubscriptionDialog saved = current == null ? null
                : new SubscriptionDialog(current.callId(), current.localAddress(), current.localTag(),
                        current.remoteAddress(), String.valueOf(current.remoteTag()), current.remoteTarget(),
                        current.routeSet(), current.transport(), flow == null ? null : flow.transport(),
                        flow == null ? null : flow.hostPort());
        return new StoredSubscription(view(), saved, localCseq, remoteCseq, eventId, owner);
    }
}
