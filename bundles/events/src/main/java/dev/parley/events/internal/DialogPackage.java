package dev.parley.events.internal;

import java.util.List;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.EventPackage;
import dev.parley.api.event.EventState;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionDecision;
import dev.parley.api.event.SubscriptionService;

/**
 * The {@code dialog} event package (RFC 4235), the busy-lamp field: each user's calls as dialogs, learnt from the
 * {@code parley/call/*} events when the call feature posts them, and set from the call service's calls in progress
 * whenever that (optional) service is bound, so neither a restart of this bundle nor a missed event leaves a stale
 * dialog. Users of the same domain may watch each other; others get 403.
 */
@Component(service = { EventPackage.class, EventHandler.class },
        property = EventConstants.EVENT_TOPIC + "=parley/call/*")
public final class DialogPackage implements EventPackage, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DialogPackage.class);

    static final String NAME = "dialog";

    private final SubscriptionService subscriptions;
    private final CallDialogs dialogs = new CallDialogs();

    @Activate
    public DialogPackage(@Reference SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** Optional: the call feature may not be installed. Its calls are persisted, so they are the truth to start from. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCallService(CallService calls) {
        List<Call> active = calls.activeCalls();
        Set<SipAddress> changed = dialogs.reconcile(active);
        LOG.debug("Dialogs set from {} calls in progress; {} users changed", active.size(), changed.size());
        changed.forEach(user -> subscriptions.stateChanged(NAME, user));
    }

    void unbindCallService(CallService calls) {
        // the dialogs stay; the call events go on without the service, and its next binding corrects them
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String contentType() {
        return DialogInfoDocument.CONTENT_TYPE;
    }

    @Override
    public SubscriptionDecision authorize(SipAddress subscriber, SipAddress resource) {
        return subscriber.domain().equals(resource.domain()) ? SubscriptionDecision.ACCEPT
                : SubscriptionDecision.REJECT;
    }

    @Override
    public EventState currentState(Subscription subscription) {
        return new EventState(DialogInfoDocument.CONTENT_TYPE, DialogInfoDocument.render(subscription.resource(),
                dialogs.of(subscription.resource()), subscription.notifyCount()));
    }

    @Override
    public void handleEvent(Event event) {
        Object callId = event.getProperty(CallService.PROPERTY_CALL_ID);
        if (callId == null) {
            return;
        }
        for (SipAddress user : dialogs.apply(event.getTopic(), callId.toString(),
                address(event, CallService.PROPERTY_CALLER), address(event, CallService.PROPERTY_CALLEE))) {
            subscriptions.stateChanged(NAME, user);
        }
    }

    private static @Nullable SipAddress address(Event event, String property) {
        Object value = event.getProperty(property);
        try {
            return value == null ? null : SipAddress.parse(value.toString());
        } catch (ParleyException e) {
            LOG.debug("{} with an unreadable {} ignored: {}", event.getTopic(), property, e.getMessage());
            return null;
        }
    }
}
