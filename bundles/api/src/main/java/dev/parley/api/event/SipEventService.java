package dev.parley.api.event;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;

/**
 * Subscriptions made by Parley on behalf of a user: the generic "subscribe to event X of users A, B" of the web SDKs.
 * Every notification is posted on EventAdmin as {@link #TOPIC_NOTIFIED} with the raw body.
 */
@ProviderType
public interface SipEventService {

    /**
     * A notification arrived. Properties: {@link #PROPERTY_SUBSCRIPTION_ID}, {@link #PROPERTY_EVENT_PACKAGE},
     * subscriber ({@code aor}), {@link #PROPERTY_RESOURCE}, {@link #PROPERTY_STATE}, {@link #PROPERTY_CONTENT_TYPE},
     * {@link #PROPERTY_BODY} (absent when the NOTIFY had none).
     */
    String TOPIC_NOTIFIED = "parley/event/NOTIFIED";
    String PROPERTY_SUBSCRIPTION_ID = "subscriptionId";
    String PROPERTY_EVENT_PACKAGE = "eventPackage";
    String PROPERTY_RESOURCE = "resource";
    String PROPERTY_STATE = "state";
    String PROPERTY_CONTENT_TYPE = "contentType";
    String PROPERTY_BODY = "body";

    /** Subscribes {@code subscriber} to {@code eventPackage} of each resource. */
    OutgoingSubscription subscribe(SipAddress subscriber, String eventPackage, Collection<SipAddress> resources,
            Duration expires);

    /** Adds and removes resources of a subscription. */
    OutgoingSubscription update(String subscriptionId, Collection<SipAddress> add, Collection<SipAddress> remove);

    /** Cancels a subscription (un-SUBSCRIBE of every resource); false if there was none. */
    boolean unsubscribe(String subscriptionId);

    /** A subscription's details. */
    Optional<OutgoingSubscription> find(String subscriptionId);
}
