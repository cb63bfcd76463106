package dev.parley.api.event;

/** The state of a subscription (RFC 6665 section 4.1.3, the Subscription-State header). */
public enum SubscriptionState {
    /** Waiting for the resource's authorisation; notifications carry no state. */
    PENDING,
    /** Authorised; notifications carry the resource's state. */
    ACTIVE,
    /** Over; no more notifications. */
    TERMINATED
}
