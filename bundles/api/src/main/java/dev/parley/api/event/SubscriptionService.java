package dev.parley.api.event;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;

/** The subscriptions watchers hold on Parley's event packages (the notifier side of RFC 6665). */
@ProviderType
public interface SubscriptionService {

    /**
     * A subscription began, was authorised (pending to active) or ended: what watcher information (RFC 3857) is
     * made of. Properties: {@link #PROPERTY_ID}, {@link #PROPERTY_EVENT_PACKAGE}, {@link #PROPERTY_SUBSCRIBER},
     * {@link #PROPERTY_RESOURCE} (both {@code sip:user@domain}), {@link #PROPERTY_STATE} ({@code active},
     * {@code pending} or {@code terminated}), {@link #PROPERTY_REASON} (when terminated: the RFC 6665 reason).
     * A refresh is not a change. Posted since version 1.1 of this package.
     */
    String TOPIC_CHANGED = "parley/subscription/CHANGED";
    String PROPERTY_ID = "subscriptionId";
    String PROPERTY_EVENT_PACKAGE = "eventPackage";
    String PROPERTY_SUBSCRIBER = "subscriber";
    String PROPERTY_RESOURCE = "resource";
    String PROPERTY_STATE = "state";
    String PROPERTY_REASON = "reason";

    /** Active and pending subscriptions, ordered by package, resource, subscriber. */
    List<Subscription> subscriptions();

    /** Active and pending subscriptions to one resource in one package. */
    List<Subscription> subscriptions(String eventPackage, SipAddress resource);

    /**
     * The state of {@code resource} in {@code eventPackage} changed: every active subscription to it gets a NOTIFY
     * with the package's current state. Returns at once; the NOTIFYs are sent in the background.
     */
    void stateChanged(String eventPackage, SipAddress resource);

    /**
     * Ends a subscription with a final NOTIFY ({@code Subscription-State: terminated;reason=<reason>}, reason one of
     * RFC 6665's: deactivated, probation, rejected, timeout, giveup, noresource, invariant). False if there was
     * none.
     */
    boolean terminate(String subscriptionId, String reason);
}
