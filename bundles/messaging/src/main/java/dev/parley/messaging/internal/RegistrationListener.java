package dev.parley.messaging.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyException;
import dev.parley.api.common.ParleyTopics;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.RegistrationService;

/**
 * A contact new to an address of record is where the messages that waited for it go; a refreshed one shows that a
 * contact is reachable again, so waiting messages go there too without waiting for their backed-off retry.
 */
@Component(property = { EventConstants.EVENT_TOPIC + "=" + RegistrationService.TOPIC_REGISTERED,
        EventConstants.EVENT_TOPIC + "=" + RegistrationService.TOPIC_REFRESHED })
public final class RegistrationListener implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationListener.class);

    private final MessageRelay relay;

    @Activate
    public RegistrationListener(@Reference MessageRelay relay) {
        this.relay = relay;
    }

    @Override
    public void handleEvent(Event event) {
        Object aor = event.getProperty(ParleyTopics.PROPERTY_AOR);
        if (!(aor instanceof String text)) {
            LOG.warn("Ignoring {} without an {} property", event.getTopic(), ParleyTopics.PROPERTY_AOR);
            return;
        }
        try {
            SipAddress recipient = SipAddress.parse(text);
            if (RegistrationService.TOPIC_REFRESHED.equals(event.getTopic())) {
                relay.recipientRefreshed(recipient);
            } else {
                relay.recipientRegistered(recipient);
            }
        } catch (ParleyException e) {
            LOG.warn("Ignoring {} for '{}': {}", event.getTopic(), text, e.getMessage());
        }
    }
}
