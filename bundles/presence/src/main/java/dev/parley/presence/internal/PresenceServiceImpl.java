package dev.parley.presence.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.parley.api.account.AccountService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.OutgoingSubscription;
import dev.parley.api.event.SipEventService;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.presence.PresenceService;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.api.presence.WatcherPolicy;
import dev.parley.presence.internal.pidf.PidfDocument;
import dev.parley.presence.internal.pidf.PidfTuple;

/**
 * {@link PresenceService}: the view, the publisher and the watcher rules behind one API. Subscriptions go through
 * the SIP event service (the events framework), which keeps them and applies this bundle's authorisation;
 * {@link PresenceNotificationListener} turns its notifications into presence events.
 */
@Component(service = PresenceService.class)
public final class PresenceServiceImpl implements PresenceService {

    static final int MAX_ACTIVITY_LENGTH = 64;
    static final int MAX_NOTE_LENGTH = 1000;
    /** The tuple id of the status published through this API. */
    static final String API_TUPLE_ID = "parley-api";

    private final PresenceView view;
    private final Publisher publisher;
    private final WatcherRules rules;
    private final AccountService accounts;

    /** Optional: only {@link #subscribe} needs it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile @Nullable SipEventService sipEvents;

    @Activate
    public PresenceServiceImpl(@Reference PresenceView view, @Reference Publisher publisher,
            @Reference WatcherRules rules, @Reference AccountService accounts) {
        this.view = view;
        this.publisher = publisher;
        this.rules = rules;
        this.accounts = accounts;
    }

    @Override
    public PresenceStatus status(SipAddress user) {
        return view.status(user);
    }

    @Override
    public List<PresenceStatus> statuses(Collection<SipAddress> users) {
        return users.stream().map(view::status).toList();
    }

    @Override
    public PresenceStatus update(SipAddress user, BasicStatus basic, @Nullable String activity,
            @Nullable String note) {
        requireAccount(user);
        String cleanActivity = optionalText(activity, "activity", MAX_ACTIVITY_LENGTH);
        String cleanNote = optionalText(note, "note", MAX_NOTE_LENGTH);
        // an explicit (possibly empty) activity list: the newest publication decides, so "available" clears "away"
        PidfDocument document = new PidfDocument(user.uri(), List.of(new PidfTuple(API_TUPLE_ID, basic, null, null)),
                cleanActivity == null ? List.of() : List.of(cleanActivity), cleanNote);
        publisher.publishOnBehalf(user, document);
        return view.status(user);
    }

    @Override
    public boolean clear(SipAddress user) {
        return publisher.clearOnBehalf(user);
    }

    @Override
    public boolean mayWatch(SipAddress watcher, SipAddress user) {
        return rules.mayWatch(watcher, user);
    }

    @Override
    public Map<SipAddress, WatcherPolicy> watcherRules(SipAddress user) {
        return rules.rules(user);
    }

    @Override
    public void setWatcherRule(SipAddress user, SipAddress watcher, WatcherPolicy policy) {
        requireAccount(user);
        if (user.equals(watcher)) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "A user always sees his own presence");
        }
        rules.set(user, watcher, policy);
    }

    @Override
    public boolean removeWatcherRule(SipAddress user, SipAddress watcher) {
        return rules.remove(user, watcher);
    }

    @Override
    public OutgoingSubscription subscribe(SipAddress watcher, Collection<SipAddress> users, Duration expires) {
        SipEventService service = sipEvents;
        if (service == null) {
            throw new ParleyException(ParleyError.SERVICE_UNAVAILABLE, "The SIP event service is not running");
        }
        if (users.isEmpty()) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "No users to watch");
        }
        requireAccount(watcher);
        return service.subscribe(watcher, PresenceView.EVENT_PACKAGE, users, expires);
    }

    @Override
    public boolean unsubscribe(String subscriptionId) {
        SipEventService service = sipEvents;
        return service != null && service.unsubscribe(subscriptionId);
    }

    private void requireAccount(SipAddress user) {
        if (accounts.find(user).isEmpty()) {
            throw new ParleyException(ParleyError.NOT_FOUND, "No account " + user);
        }
    }

    private static @Nullable String optionalText(@Nullable String text, String what, int maxLength) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        if (stripped.length() > maxLength) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT,
                    "The " + what + " is longer than " + maxLength + " characters");
        }
        return stripped;
    }
}
