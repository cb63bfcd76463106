package dev.parley.presence.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyTopics;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.presence.PresenceService;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.presence.internal.PresenceComposer.Composition;
import dev.parley.presence.internal.PresenceComposer.Part;
import dev.parley.presence.internal.pidf.InvalidPidfException;
import dev.parley.presence.internal.pidf.PidfParser;
import dev.parley.store.PresencePublication;
import dev.parley.store.PresenceStore;

/**
 * What watchers see: each user's publications composed with the user's calls ({@link PresenceComposer}), cached per
 * user until the next change, so that notifying many watchers composes once. Every change that alters the document
 * is announced to the events framework (one NOTIFY per watcher) and on EventAdmin.
 */
@Component(service = PresenceView.class, configurationPid = PresenceConfig.PID)
public final class PresenceView {

    /** The event package name (RFC 3856). */
    public static final String EVENT_PACKAGE = "presence";
    public static final String CONTENT_TYPE = "application/pidf+xml";

    private static final Logger LOG = LoggerFactory.getLogger(PresenceView.class);

    private final PresenceStore store;
    private final EventAdmin eventAdmin;
    private final Clock clock;
    private final ConcurrentMap<SipAddress, Composition> compositions = new ConcurrentHashMap<>();
    /** Established calls per local user. */
    private final ConcurrentMap<SipAddress, UserCalls> calls = new ConcurrentHashMap<>();
    private volatile boolean showOnThePhone;

    /** Optional: without the events framework presence is still published and queryable, just not notified. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile @Nullable SubscriptionService subscriptions;

    @Activate
    public PresenceView(@Reference PresenceStore store, @Reference EventAdmin eventAdmin, PresenceConfig config) {
        this(store, eventAdmin, config, Clock.systemUTC());
    }

    PresenceView(PresenceStore store, EventAdmin eventAdmin, PresenceConfig config, Clock clock) {
        this.store = store;
        this.eventAdmin = eventAdmin;
        this.clock = clock;
        this.showOnThePhone = config.on_the_phone();
    }

    @Modified
    void modified(PresenceConfig config) {
        boolean changed = showOnThePhone != config.on_the_phone();
        showOnThePhone = config.on_the_phone();
        if (changed) {
            List.copyOf(calls.keySet()).forEach(this::changed);
        }
    }

    public PresenceStatus status(SipAddress user) {
        return composition(user).status();
    }

    /** The composed PIDF document of {@code user}. */
    public String document(SipAddress user) {
        return composition(user).pidf();
    }

    /**
     * Something about {@code user} changed (a publication, a call): recompose and, if the document differs, notify
     * the watchers and post {@link PresenceService#TOPIC_CHANGED}.
     */
    public void changed(SipAddress user) {
        Composition[] before = new Composition[1];
        Composition after = compositions.compute(user, (entity, old) -> {
            before[0] = old;
            return compose(entity);
        });
        if (before[0] != null && before[0].pidf().equals(after.pidf())) {
            return;
        }
        LOG.debug("Presence of {} is now {}", user, after.status());
        SubscriptionService watchers = subscriptions;
        if (watchers != null) {
            watchers.stateChanged(EVENT_PACKAGE, user);
        }
        eventAdmin.postEvent(changeEvent(after.status()));
    }

    /**
     * {@code user} is in the established call {@code callId} since {@code answered}. Watchers hear of it only when it
     * changes what they see (the first call, or an earlier one): a second call leaves the document as it was.
     */
    public void callStarted(SipAddress user, String callId, Instant answered) {
        boolean[] changedSince = new boolean[1];
        calls.compute(user, (u, current) -> {
            UserCalls userCalls = current == null ? new UserCalls() : current;
            Instant before = userCalls.earliest();
            changedSince[0] = userCalls.add(callId, answered) && !Objects.equals(before, userCalls.earliest());
            return userCalls;
        });
        if (changedSince[0]) {
            changed(user);
        }
    }

    /** {@code user}'s call {@code callId} ended. */
    public void callEnded(SipAddress user, String callId) {
        boolean[] changedSince = new boolean[1];
        calls.computeIfPresent(user, (u, current) -> {
            Instant before = current.earliest();
            changedSince[0] = current.remove(callId) && !Objects.equals(before, current.earliest());
            return current.isEmpty() ? null : current;
        });
        if (changedSince[0]) {
            changed(user);
        }
    }

    /**
     * The established calls are exactly {@code established} (per user, call id to when it was answered): those the
     * call service holds when it is bound. Calls whose end was missed are dropped, calls missed are taken in.
     */
    public void callsAre(Map<SipAddress, Map<String, Instant>> established) {
        Set<SipAddress> users = new HashSet<>(calls.keySet());
        users.addAll(established.keySet());
        for (SipAddress user : users) {
            Map<String, Instant> next = established.getOrDefault(user, Map.of());
            UserCalls userCalls = new UserCalls();
            next.forEach(userCalls::add);
            UserCalls before = next.isEmpty() ? calls.remove(user) : calls.put(user, userCalls);
            if (before == null ? !next.isEmpty() : !before.sameCalls(next)) {
                changed(user);
            }
        }
    }

    private Composition composition(SipAddress user) {
        return compositions.computeIfAbsent(user, this::compose);
    }

    private Composition compose(SipAddress user) {
        Instant now = clock.instant();
        List<Part> parts = new ArrayList<>();
        for (PresencePublication publication : store.publications(user)) {
            if (publication.expiresAt().isAfter(now)) {
                try {
                    parts.add(new Part(PidfParser.parse(publication.document()), publication.updated()));
                } catch (InvalidPidfException e) {
                    // documents are stored as Parley wrote them, so this is a damaged row: skip it, keep the rest
                    LOG.warn("Skipping unreadable stored publication {} of {}: {}", publication.etag(), user,
                            e.getMessage());
                }
            }
        }
        UserCalls userCalls = calls.get(user);
        Instant inCallSince = !showOnThePhone || userCalls == null ? null : userCalls.earliest();
        return PresenceComposer.compose(user, parts, inCallSince);
    }

    private Event changeEvent(PresenceStatus status) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ParleyTopics.PROPERTY_AOR, status.entity().uri());
        properties.putAll(statusProperties(status));
        properties.put(ParleyTopics.PROPERTY_TIMESTAMP, clock.millis());
        return new Event(PresenceService.TOPIC_CHANGED, properties);
    }

    /** {@code basic}, and {@code activity} and {@code note} where present: the event properties of a status. */
    static Map<String, Object> statusProperties(PresenceStatus status) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(PresenceService.PROPERTY_BASIC, status.basic().name());
        if (status.activity() != null) {
            properties.put(PresenceService.PROPERTY_ACTIVITY, status.activity());
        }
        if (status.note() != null) {
            properties.put(PresenceService.PROPERTY_NOTE, status.note());
        }
        return properties;
    }
}
