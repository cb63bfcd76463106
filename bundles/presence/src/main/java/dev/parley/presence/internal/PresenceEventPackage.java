package dev.parley.presence.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.account.AccountService;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.EventPackage;
import dev.parley.api.event.EventState;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionDecision;

/**
 * The {@code presence} event package (RFC 3856) on the events framework: watchers get the composed PIDF of the
 * resource. Authorisation is decided before existence, so a watcher who may not watch cannot probe user names.
 */
@Component(service = EventPackage.class)
public final class PresenceEventPackage implements EventPackage {

    private final WatcherRules rules;
    private final PresenceView view;
    private final AccountService accounts;

    @Activate
    public PresenceEventPackage(@Reference WatcherRules rules, @Reference PresenceView view,
            @Reference AccountService accounts) {
        this.rules = rules;
        this.view = view;
        this.accounts = accounts;
    }

    @Override
    public String name() {
        return PresenceView.EVENT_PACKAGE;
    }

    @Override
    public String contentType() {
        return PresenceView.CONTENT_TYPE;
    }

    @Override
    public SubscriptionDecision authorize(SipAddress subscriber, SipAddress resource) {
        if (!rules.mayWatch(subscriber, resource)) {
            return SubscriptionDecision.REJECT;
        }
        return accounts.find(resource).isPresent() ? SubscriptionDecision.ACCEPT
                : SubscriptionDecision.NO_SUCH_RESOURCE;
    }

    @Override
    public EventState currentState(Subscription subscription) {
        return new EventState(PresenceView.CONTENT_TYPE, view.document(subscription.resource()));
    }
}
