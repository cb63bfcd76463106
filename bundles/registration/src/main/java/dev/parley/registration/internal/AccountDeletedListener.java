package dev.parley.registration.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.account.AccountService;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.ParleyTopics;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.RegistrationService;

/** A deleted account keeps no bindings: its contacts would otherwise stay reachable until they lapse. */
@Component(property = EventConstants.EVENT_TOPIC + "=" + AccountService.TOPIC_DELETED)
public final class AccountDeletedListener implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AccountDeletedListener.class);

    private final RegistrationService registrations;

    @Activate
    public AccountDeletedListener(@Reference RegistrationService registrations) {
        this.registrations = registrations;
    }

    @Override
    public void handleEvent(Event event) {
        Object aor = event.getProperty(ParleyTopics.PROPERTY_AOR);
        if (!(aor instanceof String text)) {
            LOG.warn("Ignoring {} without an {} property", event.getTopic(), ParleyTopics.PROPERTY_AOR);
            return;
        }
        try {
            registrations.unregisterAll(SipAddress.parse(text));
        } catch (ParleyException e) {
            LOG.warn("Ignoring {} for '{}': {}", event.getTopic(), text, e.getMessage());
        }
    }
}
