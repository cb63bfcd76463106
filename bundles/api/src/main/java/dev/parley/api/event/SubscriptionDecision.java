package dev.parley.api.event;

/** What an {@link EventPackage} decides about a new subscription. */
public enum SubscriptionDecision {
    /** Allowed: the subscription is active at once. */
    ACCEPT,
    /** Not decided yet (the resource's owner must authorise it): pending, notified without state. */
    PENDING,
    /** Not allowed: 403 Forbidden. */
    REJECT,
    /** No such resource: 404 Not Found. */
    NO_SUCH_RESOURCE
}
