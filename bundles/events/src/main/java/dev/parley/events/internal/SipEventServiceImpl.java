package dev.parley.events.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.EventPackage;
import dev.parley.api.event.OutgoingSubscription;
import dev.parley.api.event.SipEventService;
import dev.parley.api.event.SubscriptionState;
import dev.parley.api.server.ServerInfo;

/**
 * Subscriptions Parley holds on behalf of a user, served internally from the same event packages: each resource is
 * a subscription of the notifier whose "NOTIFY" is an EventAdmin event ({@link #TOPIC_NOTIFIED}) with the raw body.
 * Stored like the others, so they survive restarts; never lapse while not cancelled (the sweep extends them).
 * Only resources in Parley's own domains are supported: there is no outgoing SUBSCRIBE to other servers.
 */
@Component(service = SipEventService.class)
public final class SipEventServiceImpl implements SipEventService {

    private final SubscriptionManager subscriptions;
    private final EventPackages packages;
    private final ServerInfo server;

    @Activate
    public SipEventServiceImpl(@Reference SubscriptionManager subscriptions, @Reference EventPackages packages,
            @Reference ServerInfo server) {
        this.subscriptions = subscriptions;
        this.packages = packages;
        this.server = server;
    }

    @Override
    public OutgoingSubscription subscribe(SipAddress subscriber, String eventPackage,
            Collection<SipAddress> resources, Duration expires) {
        EventPackage served = packages.find(eventPackage).orElseThrow(
                () -> new ParleyException(ParleyError.BAD_EVENT, "unknown event package '" + eventPackage + "'"));
        checkLocal(resources);
        int granted = subscriptions.policy().grant((int) Math.min(expires.toSeconds(), Integer.MAX_VALUE));
        if (granted == 0) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "expires must be positive");
        }
        String id = UUID.randomUUID().toString();
        Map<SipAddress, SubscriptionState> states = new LinkedHashMap<>();
        for (SipAddress resource : resources) {
            states.put(resource, add(id, subscriber, served, resource, granted));
        }
        return new OutgoingSubscription(id, subscriber, eventPackage, states, subscriptions.now().plusSeconds(granted));
    }

    @Override
    public OutgoingSubscription update(String subscriptionId, Collection<SipAddress> add,
            Collection<SipAddress> remove) {
        OutgoingSubscription current = find(subscriptionId).orElseThrow(
                () -> new ParleyException(ParleyError.NOT_FOUND, "no subscription " + subscriptionId));
        checkLocal(add);
        for (LiveSubscription live : subscriptions.ownedBy(subscriptionId)) {
            if (remove.contains(live.resource())) {
                subscriptions.terminate(live.id(), "deactivated");
            }
        }
        EventPackage served = packages.find(current.eventPackage()).orElseThrow(() -> new ParleyException(
                ParleyError.SERVICE_UNAVAILABLE, "event package " + current.eventPackage() + " is not running"));
        int granted = (int) Math.max(subscriptions.policy().min(),
                Duration.between(subscriptions.now(), current.expiresAt()).toSeconds());
        for (SipAddress resource : add) {
            if (!current.resources().containsKey(resource) || remove.contains(resource)) {
                add(subscriptionId, current.subscriber(), served, resource, granted);
            }
        }
        return find(subscriptionId).orElse(new OutgoingSubscription(subscriptionId, current.subscriber(),
                current.eventPackage(), Map.of(), current.expiresAt()));
    }

    @Override
    public boolean unsubscribe(String subscriptionId) {
        List<LiveSubscription> owned = subscriptions.ownedBy(subscriptionId);
        owned.forEach(live -> subscriptions.terminate(live.id(), "deactivated"));
        return !owned.isEmpty();
    }

    @Override
    public Optional<OutgoingSubscription> find(String subscriptionId) {
        List<LiveSubscription> owned = subscriptions.ownedBy(subscriptionId);
        if (owned.isEmpty()) {
            return Optional.empty();
        }
        Map<SipAddress, SubscriptionState> states = new LinkedHashMap<>();
        Instant expiresAt = Instant.MAX;
        for (LiveSubscription live : owned) {
            var view = live.view();
            states.put(view.resource(), view.state());
            expiresAt = view.expiresAt().isBefore(expiresAt) ? view.expiresAt() : expiresAt;
        }
        var first = owned.get(0).view();
        return Optional.of(new OutgoingSubscription(subscriptionId, first.subscriber(), first.eventPackage(), states,
                expiresAt));
    }

    /** Subscribes to one resource and sends its first notification; a refused resource is not kept. */
    private SubscriptionState add(String owner, SipAddress subscriber, EventPackage eventPackage,
            SipAddress resource, int expires) {
        SubscriptionState state = switch (eventPackage.authorize(subscriber, resource)) {
            case ACCEPT -> SubscriptionState.ACTIVE;
            case PENDING -> SubscriptionState.PENDING;
            case REJECT, NO_SUCH_RESOURCE -> SubscriptionState.TERMINATED;
        };
        if (state != SubscriptionState.TERMINATED) {
            LiveSubscription live = subscriptions.create(eventPackage.name(), subscriber, resource, state, expires,
                    null, 0, null, owner);
            subscriptions.notifyCurrentState(live);
        }
        return state;
    }

    private void checkLocal(Collection<SipAddress> resources) {
        for (SipAddress resource : resources) {
            if (!server.isLocalDomain(resource.domain())) {
                throw new ParleyException(ParleyError.INVALID_ARGUMENT, "only local resources are supported");
            }
        }
    }
}
