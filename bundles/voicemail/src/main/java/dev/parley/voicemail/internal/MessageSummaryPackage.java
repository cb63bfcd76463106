package dev.parley.voicemail.internal;

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
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.EventPackage;
import dev.parley.api.event.EventState;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionDecision;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.voicemail.VoicemailService;

/**
 * The {@code message-summary} event package (RFC 3842): a mailbox's counts, notified on every
 * {@code parley/voicemail/COUNTS_CHANGED}. By default only the mailbox owner may subscribe.
 */
@Component(service = { EventPackage.class, EventHandler.class }, configurationPid = VoicemailConfig.PID,
        property = EventConstants.EVENT_TOPIC + "=" + VoicemailService.TOPIC_COUNTS_CHANGED)
public final class MessageSummaryPackage implements EventPackage, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MessageSummaryPackage.class);

    static final String NAME = "message-summary";

    private final VoicemailService voicemail;
    private final SubscriptionService subscriptions;
    private volatile boolean othersAllowed;

    @Activate
    public MessageSummaryPackage(@Reference VoicemailService voicemail, @Reference SubscriptionService subscriptions,
            VoicemailConfig config) {
        this.voicemail = voicemail;
        this.subscriptions = subscriptions;
        this.othersAllowed = config.message_summary_allow_others();
    }

    @Modified
    void modified(VoicemailConfig config) {
        othersAllowed = config.message_summary_allow_others();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String contentType() {
        return MessageSummaryDocument.CONTENT_TYPE;
    }

    @Override
    public SubscriptionDecision authorize(SipAddress subscriber, SipAddress resource) {
        return SubscriptionDecision.ownerOrSameDomain(subscriber, resource, othersAllowed);
    }

    @Override
    public EventState currentState(Subscription subscription) {
        return new EventState(MessageSummaryDocument.CONTENT_TYPE,
                MessageSummaryDocument.render(subscription.resource(), voicemail.counts(subscription.resource())));
    }

    @Override
    public void handleEvent(Event event) {
        Object aor = event.getProperty(VoicemailService.PROPERTY_AOR);
        try {
            subscriptions.stateChanged(NAME, SipAddress.parse(String.valueOf(aor)));
        } catch (ParleyException e) {
            LOG.warn("Ignored {} with a malformed aor {}", event.getTopic(), aor);
        }
    }
}
