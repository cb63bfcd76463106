package dev.parley.events.internal;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyException;
import dev.parley.api.common.ParleyTopics;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.EventPackage;
import dev.parley.api.event.EventState;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionDecision;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.registration.LocationService;

/**
 * The {@code reg} event package (RFC 3680): the registrations of an address of record, from the location service,
 * notified on every {@code parley/registration/*} event. By default only the user himself may watch them.
 */
@Component(service = { EventPackage.class, EventHandler.class }, configurationPid = EventsConfig.PID,
        property = EventConstants.EVENT_TOPIC + "=parley/registration/*")
public final class RegPackage implements EventPackage, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RegPackage.class);

    static final String NAME = "reg";

    private final LocationService location;
    private final SubscriptionService subscriptions;
    private final Clock clock;
    private volatile boolean othersAllowed;

    @Activate
    public RegPackage(@Reference LocationService location, @Reference SubscriptionService subscriptions,
            EventsConfig config) {
        this(location, subscriptions, config, Clock.systemUTC());
    }

    RegPackage(LocationService location, SubscriptionService subscriptions, EventsConfig config, Clock clock) {
        this.location = location;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.othersAllowed = config.reg_allow_others();
    }

    @Modified
    void modified(EventsConfig config) {
        othersAllowed = config.reg_allow_others();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String contentType() {
        return ReginfoDocument.CONTENT_TYPE;
    }

    @Override
    public SubscriptionDecision authorize(SipAddress subscriber, SipAddress resource) {
        return SubscriptionDecision.ownerOrSameDomain(subscriber, resource, othersAllowed);
    }

    @Override
    public EventState currentState(Subscription subscription) {
        return new EventState(ReginfoDocument.CONTENT_TYPE, ReginfoDocument.render(subscription.resource(),
                location.lookup(subscription.resource()), subscription.notifyCount(), clock.instant()));
    }

    @Override
    public void handleEvent(Event event) {
        Object aor = event.getProperty(ParleyTopics.PROPERTY_AOR);
        if (aor == null) {
            return;
        }
        try {
            subscriptions.stateChanged(NAME, SipAddress.parse(aor.toString()));
        } catch (ParleyException e) {
            LOG.debug("{} with an unreadable aor ignored: {}", event.getTopic(), e.getMessage());
        }
    }
}
