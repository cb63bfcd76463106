package dev.parley.presence.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyException;
import dev.parley.api.common.ParleyTopics;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.SipEventService;
import dev.parley.api.presence.PresenceService;
import dev.parley.presence.internal.PresenceComposer.Part;
import dev.parley.presence.internal.pidf.InvalidPidfException;
import dev.parley.presence.internal.pidf.PidfParser;

/**
 * Turns the SIP event service's presence notifications (raw PIDF) into {@link PresenceService#TOPIC_NOTIFIED}
 * events with the status read from the document, for subscriptions made through {@link PresenceService#subscribe}.
 */
@Component(service = EventHandler.class, property = {
        EventConstants.EVENT_TOPIC + "=" + SipEventService.TOPIC_NOTIFIED,
        EventConstants.EVENT_FILTER + "=(" + SipEventService.PROPERTY_EVENT_PACKAGE + "="
                + PresenceView.EVENT_PACKAGE + ")" })
public final class PresenceNotificationListener implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceNotificationListener.class);

    private final EventAdmin eventAdmin;
    private final Clock clock;

    @Activate
    public PresenceNotificationListener(@Reference EventAdmin eventAdmin) {
        this(eventAdmin, Clock.systemUTC());
    }

    PresenceNotificationListener(EventAdmin eventAdmin, Clock clock) {
        this.eventAdmin = eventAdmin;
        this.clock = clock;
    }

    @Override
    public void handleEvent(Event event) {
        Object resourceValue = event.getProperty(SipEventService.PROPERTY_RESOURCE);
        Object subscriptionId = event.getProperty(SipEventService.PROPERTY_SUBSCRIPTION_ID);
        if (resourceValue == null || subscriptionId == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(PresenceService.PROPERTY_SUBSCRIPTION_ID, subscriptionId.toString());
        properties.put(PresenceService.PROPERTY_RESOURCE, resourceValue.toString());
        copy(event, ParleyTopics.PROPERTY_AOR, properties, ParleyTopics.PROPERTY_AOR);
        copy(event, SipEventService.PROPERTY_STATE, properties, PresenceService.PROPERTY_STATE);
        Object body = event.getProperty(SipEventService.PROPERTY_BODY);
        if (body != null) {
            try {
                SipAddress resource = SipAddress.parse(resourceValue.toString());
                byte[] xml = body instanceof byte[] bytes ? bytes : body.toString().getBytes(StandardCharsets.UTF_8);
                Instant now = clock.instant();
                properties.putAll(PresenceView.statusProperties(PresenceComposer
                        .compose(resource, List.of(new Part(PidfParser.parse(xml), now)), null).status()));
            } catch (InvalidPidfException | ParleyException e) {
                LOG.debug("Presence notification for {} not readable: {}", resourceValue, e.getMessage());
                return;
            }
        }
        properties.put(ParleyTopics.PROPERTY_TIMESTAMP, clock.millis());
        eventAdmin.postEvent(new Event(PresenceService.TOPIC_NOTIFIED, properties));
    }

    private static void copy(Event event, String from, Map<String, Object> properties, String to) {
        Object value = event.getProperty(from);
        if (value != null) {
            properties.put(to, value.toString());
        }
    }
}
