package dev.parley.messaging.internal.sip;

import java.text.ParseException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.messaging.Message;
import dev.parley.api.registration.Binding;
import dev.parley.messaging.internal.BodyCodec;
import dev.parley.messaging.internal.DeliveryOutcome;
import dev.parley.messaging.internal.MessageSender;
import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipResponseListener;

/**
 * Sends a stored message to one contact as a new out-of-dialog MESSAGE (RFC 3428 section 7, Parley as the UAC):
 * From the original sender, To the recipient, Request-URI the contact, the body and Content-Type unchanged. A
 * contact is reached where its REGISTER came from (its NAT address, its own TCP or WebSocket connection: the
 * dialog's flow), unless a Path leads elsewhere.
 */
@Component(service = MessageSender.class)
public final class SipMessageSender implements MessageSender {

    private static final Logger LOG = LoggerFactory.getLogger(SipMessageSender.class);

    private final SipCore sip;

    @Activate
    public SipMessageSender(@Reference SipCore sip) {
        this.sip = sip;
    }

    @Override
    public void send(Message message, Binding binding, Consumer<DeliveryOutcome> outcome) {
        String contact = binding.contact();
        try {
            Request request = sip.createRequest(dialog(message, binding), Request.MESSAGE, 1);
            ContentTypeHeader contentType = (ContentTypeHeader) sip.headerFactory()
                    .createHeader(ContentTypeHeader.NAME, message.contentType());
            request.setContent(BodyCodec.encode(message.body(), message.contentType()), contentType);
            ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
            transaction.setApplicationData(new Listener(contact, outcome));
            transaction.sendRequest();
        } catch (ParseException | SipException | RuntimeException e) {
            LOG.debug("MESSAGE {} not sent to {}: {}", message.id(), contact, e.toString());
            outcome.accept(DeliveryOutcome.noResponse(contact, "not sent: " + e.getMessage()));
        }
    }

    private DialogState dialog(Message message, Binding binding) {
        return new DialogState(sip.provider().getNewCallId().getCallId(), "<" + message.from().uri() + ">",
                UUID.randomUUID().toString().substring(0, 8), "<" + message.to().uri() + ">", null,
                unbracketed(binding.contact()), binding.path(), binding.transport(),
                RequestSource.parse(binding.transport(), binding.source()));
    }

    private static String unbracketed(String contact) {
        String trimmed = contact.trim();
        return trimmed.startsWith("<") && trimmed.endsWith(">") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    /** Reports the first final response, or the timeout, of one MESSAGE. */
    private static final class Listener implements SipResponseListener {
        private final String contact;
        private final Consumer<DeliveryOutcome> outcome;
        private final AtomicBoolean reported = new AtomicBoolean();

        Listener(String contact, Consumer<DeliveryOutcome> outcome) {
            this.contact = contact;
            this.outcome = outcome;
        }

        @Override
        public void processResponse(ResponseEvent event) {
            Response response = event.getResponse();
            if (response.getStatusCode() >= 200 && reported.compareAndSet(false, true)) {
                outcome.accept(new DeliveryOutcome(contact, response.getStatusCode(), response.getReasonPhrase()));
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            if (reported.compareAndSet(false, true)) {
                outcome.accept(DeliveryOutcome.noResponse(contact, "timeout"));
            }
        }
    }
}
