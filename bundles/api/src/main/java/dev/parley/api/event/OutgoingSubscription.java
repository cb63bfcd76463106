package dev.parley.api.event;

import java.time.Instant;
import java.util.Map;

import dev.parley.api.common.SipAddress;

/**
 * A subscription Parley holds on behalf of a user (for a web or mobile client), to one event package for one or
 * more resources.
 *
 * @param id the identifier to update or cancel it with
 * @param subscriber the user on whose behalf Parley subscribes
 * @param eventPackage the package
 * @param resources each watched resource with its subscription state
 * @param expiresAt when it lapses unless refreshed (Parley refreshes it until it is cancelled)
 */
public record OutgoingSubscription(String id, SipAddress subscriber, String eventPackage,
        Map<SipAddress, SubscriptionState> resources, Instant expiresAt) {
}
