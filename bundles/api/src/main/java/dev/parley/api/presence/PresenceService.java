package dev.parley.api.presence;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.OutgoingSubscription;

/**
 * Presence of the users of the domains Parley serves. Failures are {@link dev.parley.api.common.ParleyException}s:
 * {@code INVALID_ARGUMENT}, {@code NOT_FOUND} (no such user), {@code FORBIDDEN} (a watcher that may not watch),
 * {@code SERVICE_UNAVAILABLE} (no SIP event service for {@link #subscribe}).
 */
@ProviderType
public interface PresenceService {

    /**
     * The composed status of a local user changed (publication, refresh with new content, removal, expiry, a call
     * started or ended, {@link #update}). Properties {@code aor}, {@link #PROPERTY_BASIC}, {@link #PROPERTY_ACTIVITY}
     * and {@link #PROPERTY_NOTE} (absent when none), {@code timestamp}.
     */
    String TOPIC_CHANGED = "parley/presence/CHANGED";
    /**
     * A presence notification arrived for a subscription made with {@link #subscribe}. Properties
     * {@link #PROPERTY_SUBSCRIPTION_ID}, {@code aor} (the watcher), {@link #PROPERTY_RESOURCE}, {@link #PROPERTY_BASIC},
     * {@link #PROPERTY_ACTIVITY}, {@link #PROPERTY_NOTE} (absent when none), {@link #PROPERTY_STATE} (the subscription
     * state), {@code timestamp}.
     */
    String TOPIC_NOTIFIED = "parley/presence/NOTIFIED";

    /** {@code OPEN} or {@code CLOSED}. */
    String PROPERTY_BASIC = "basic";
    String PROPERTY_ACTIVITY = "activity";
    String PROPERTY_NOTE = "note";
    String PROPERTY_SUBSCRIPTION_ID = "subscriptionId";
    /** {@code sip:user@domain} of the watched user. */
    String PROPERTY_RESOURCE = "resource";
    String PROPERTY_STATE = "state";

    /** The composed status of a user (closed with no activity when nothing is published). */
    PresenceStatus status(SipAddress user);

    /** The statuses of several users, in the order given. */
    List<PresenceStatus> statuses(Collection<SipAddress> users);

    /**
     * Publishes {@code user}'s own status on the user's behalf (a web client, the shell): it replaces the previous
     * status set this way and is composed with what the user's SIP devices publish. Returns the composed status.
     */
    PresenceStatus update(SipAddress user, BasicStatus basic, @Nullable String activity, @Nullable String note);

    /** Withdraws the status set with {@link #update}; false if there was none. */
    boolean clear(SipAddress user);

    /** Whether {@code watcher} may see {@code user}'s presence now (rules first, then the same-domain default). */
    boolean mayWatch(SipAddress watcher, SipAddress user);

    /** {@code user}'s explicit watcher rules. */
    Map<SipAddress, WatcherPolicy> watcherRules(SipAddress user);

    /**
     * Sets {@code user}'s rule for {@code watcher}. Blocking ends the watcher's current subscriptions to the user.
     */
    void setWatcherRule(SipAddress user, SipAddress watcher, WatcherPolicy policy);

    /** Removes {@code user}'s rule for {@code watcher} (the default applies again); false if there was none. */
    boolean removeWatcherRule(SipAddress user, SipAddress watcher);

    /**
     * Subscribes {@code watcher} to the presence of {@code users} through Parley's SIP event service, which keeps
     * the subscription and applies the same authorisation as to a SUBSCRIBE; every notification is posted as
     * {@link #TOPIC_NOTIFIED}.
     */
    OutgoingSubscription subscribe(SipAddress watcher, Collection<SipAddress> users, Duration expires);

    /** Cancels a subscription made with {@link #subscribe}; false if there was none. */
    boolean unsubscribe(String subscriptionId);
}
