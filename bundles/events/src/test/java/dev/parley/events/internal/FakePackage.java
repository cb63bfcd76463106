package dev.parley.events.internal;

import java.util.HashMap;
import java.util.Map;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.EventPackage;
import dev.parley.api.event.EventState;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionDecision;

/** An event package whose state is a text per resource, and whose decisions are set by the test. */
final class FakePackage implements EventPackage {

    static final String NAME = "test";
    static final String TYPE = "text/plain";

    final Map<SipAddress, String> states = new HashMap<>();
    SubscriptionDecision decision = SubscriptionDecision.ACCEPT;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String contentType() {
        return TYPE;
    }

    @Override
    public SubscriptionDecision authorize(SipAddress subscriber, SipAddress resource) {
        return decision;
    }

    @Override
    public EventState currentState(Subscription subscription) {
        return new EventState(TYPE, states.getOrDefault(subscription.resource(), "idle") + " v"
                + subscription.notifyCount());
    }
}
