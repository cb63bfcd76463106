package dev.parley.events.internal;

import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.event.EventState;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionState;

/**
 * One notification of a subscription: what a NOTIFY carries (RFC 6665 section 4.2.2), whichever way it is
 * delivered.
 *
 * @param subscription the subscription as it was when the notification was built
 * @param state the Subscription-State value
 * @param expiresIn seconds left, for active and pending
 * @param reason the reason of a termination ({@code timeout}, {@code deactivated}, ...), else null
 * @param body the state document; null for pending subscriptions
 */
record Notification(Subscription subscription, SubscriptionState state, long expiresIn, @Nullable String reason,
        @Nullable EventState body) {

    /** The Subscription-State header value, e.g. {@code active;expires=599} or {@code terminated;reason=timeout}. */
    String subscriptionStateHeader() {
        String name = state.name().toLowerCase(Locale.ROOT);
        if (state == SubscriptionState.TERMINATED) {
            return reason == null ? name : name + ";reason=" + reason;
        }
        return name + ";expires=" + expiresIn;
    }
}
