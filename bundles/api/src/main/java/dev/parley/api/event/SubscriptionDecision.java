package dev.parley.api.event;

import dev.parley.api.common.SipAddress;

/** What an {@link EventPackage} decides about a new subscription. */
public enum SubscriptionDecision {
    /** Allowed: the subscription is active at once. */
    ACCEPT,
    /** Not decided yet (the resource's owner must authorise it): pending, notified without state. */
    PENDING,
    /** Not allowed: 403 Forbidden. */
    REJECT,
    /** No such resource: 404 Not Found. */
    NO_SUCH_RESOURCE;

    /**
     * The rule of packages that show a user's own state ({@code reg}, {@code message-summary}): the user himself may
     * watch it, users of the same domain too when {@code sameDomainAllowed}, nobody else.
     */
    public static SubscriptionDecision ownerOrSameDomain(SipAddress subscriber, SipAddress resource,
            boolean sameDomainAllowed) {
        return subscriber.equals(resource) || sameDomainAllowed && subscriber.domain().equals(resource.domain())
                ? ACCEPT
                : REJECT;
    }
}
