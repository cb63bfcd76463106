package dev.parley.api.event;

import java.time.Instant;

import dev.parley.api.common.SipAddress;

/**
 * A watcher's subscription to the state of a resource in one event package.
 *
 * @param id Parley's identifier of the subscription (not a SIP header value)
 * @param eventPackage the package name, as in the Event header ({@code presence}, {@code reg}, ...)
 * @param subscriber who subscribed (authenticated user, or the From address for packages that allow anyone)
 * @param resource whose state is watched (the request URI's user at a Parley domain)
 * @param state the subscription's state
 * @param expiresAt when it lapses unless refreshed
 * @param notifyCount how many NOTIFYs were sent so far: packages with a per-subscription version counter (RFC 3680
 *            reg-info, RFC 4235 dialog-info) use it as the version of the next document
 */
public record Subscription(String id, String eventPackage, SipAddress subscriber, SipAddress resource,
        SubscriptionState state, Instant expiresAt, long notifyCount) {
}
