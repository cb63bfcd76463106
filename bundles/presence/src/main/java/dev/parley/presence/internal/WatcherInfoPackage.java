package dev.parley.presence.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.EventPackage;
import dev.parley.api.event.EventState;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionDecision;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.event.SubscriptionState;
import dev.parley.presence.internal.WatcherInfoDocument.Watcher;

/**
 * The {@code presence.winfo} event package (RFC 3857): a user watches who watches his presence. Only the user himself
 * may subscribe. The list is the presence subscriptions the events framework holds (active or pending, event
 * {@code subscribe}) plus those that ended in the last {@link #ENDED_SHOWN} (terminated, the RFC 6665 reason as
 * event); every change of a presence subscription ({@link SubscriptionService#TOPIC_CHANGED}) is notified.
 */
@Component(service = { EventPackage.class, EventHandler.class }, property = {
        EventConstants.EVENT_TOPIC + "=" + SubscriptionService.TOPIC_CHANGED,
        EventConstants.EVENT_FILTER + "=(" + SubscriptionService.PROPERTY_EVENT_PACKAGE + "="
                + PresenceView.EVENT_PACKAGE + ")" })
public final class WatcherInfoPackage implements EventPackage, EventHandler {

    static final String NAME = PresenceView.EVENT_PACKAGE + ".winfo";
    /** How long an ended subscription stays in the list, so the owner sees why it ended. */
    static final Duration ENDED_SHOWN = Duration.ofSeconds(60);
    /** Ended subscriptions listed per user at most (a watcher subscribing in a loop must not grow the list). */
    static final int ENDED_KEPT = 20;

    private static final Logger LOG = LoggerFactory.getLogger(WatcherInfoPackage.class);

    private record Ended(Watcher watcher, Instant at) {
    }

    private final SubscriptionService subscriptions;
    private final Clock clock;
    /** Lately ended presence subscriptions per watched user, oldest first; kept in memory only. */
    private final Map<SipAddress, Deque<Ended>> ended = new ConcurrentHashMap<>();

    @Activate
    public WatcherInfoPackage(@Reference SubscriptionService subscriptions) {
        this(subscriptions, Clock.systemUTC());
    }

    WatcherInfoPackage(SubscriptionService subscriptions, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String contentType() {
        return WatcherInfoDocument.CONTENT_TYPE;
    }

    /** Who watches a user is the user's own business (RFC 3857 section 5). */
    @Override
    public SubscriptionDecision authorize(SipAddress subscriber, SipAddress resource) {
        return subscriber.equals(resource) ? SubscriptionDecision.ACCEPT : SubscriptionDecision.REJECT;
    }

    @Override
    public EventState currentState(Subscription subscription) {
        SipAddress resource = subscription.resource();
        List<Watcher> watchers = new ArrayList<>();
        for (Subscription watching : subscriptions.subscriptions(PresenceView.EVENT_PACKAGE, resource)) {
            watchers.add(new Watcher(watching.id(), watching.subscriber(), watching.state(), "subscribe"));
        }
        Instant shownSince = clock.instant().minus(ENDED_SHOWN);
        Deque<Ended> endedHere = ended.get(resource);
        if (endedHere != null) {
            synchronized (endedHere) {
                endedHere.removeIf(e -> e.at().isBefore(shownSince));
                endedHere.forEach(e -> watchers.add(e.watcher()));
            }
        }
        return new EventState(WatcherInfoDocument.CONTENT_TYPE, WatcherInfoDocument.render(resource,
                PresenceView.EVENT_PACKAGE, watchers, subscription.notifyCount()));
    }

    @Override
    public void handleEvent(Event event) {
        try {
            SipAddress resource = SipAddress.parse(String.valueOf(event.getProperty(
                    SubscriptionService.PROPERTY_RESOURCE)));
            if (SubscriptionState.TERMINATED.name()
                    .equalsIgnoreCase(String.valueOf(event.getProperty(SubscriptionService.PROPERTY_STATE)))) {
                SipAddress watcher = SipAddress.parse(String.valueOf(event.getProperty(
                        SubscriptionService.PROPERTY_SUBSCRIBER)));
                remember(resource, new Watcher(String.valueOf(event.getProperty(SubscriptionService.PROPERTY_ID)),
                        watcher, SubscriptionState.TERMINATED,
                        String.valueOf(event.getProperty(SubscriptionService.PROPERTY_REASON))));
            }
            subscriptions.stateChanged(NAME, resource);
        } catch (ParleyException e) {
            LOG.debug("{} with unreadable addresses ignored: {}", event.getTopic(), e.getMessage());
        }
    }

    private void remember(SipAddress resource, Watcher watcher) {
        Deque<Ended> endedHere = ended.computeIfAbsent(resource, r -> new ArrayDeque<>());
        synchronized (endedHere) {
            endedHere.addLast(new Ended(watcher, clock.instant()));
            while (endedHere.size() > ENDED_KEPT) {
                endedHere.removeFirst();
            }
        }
    }
}
