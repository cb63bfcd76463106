package dev.parley.events.internal;

import java.text.ParseException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.event.EventState;
import dev.parley.api.event.SubscriptionState;
import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipResponseListener;

/**
 * Sends NOTIFYs in the dialogs the notifier keeps (no stack {@code Dialog} object, so they outlive restarts), each
 * in its own client transaction. Never waits for the answer: a 481 or 408, or no answer at all, reports the
 * subscription as gone (RFC 6665 section 4.2.2).
 */
final class SipNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(SipNotifier.class);

    private final SipCore core;
    private final Supplier<Set<String>> allowEvents;
    private final Consumer<String> subscriptionGone;

    /** {@code allowEvents}: the running packages, for the Allow-Events header of every NOTIFY. */
    SipNotifier(SipCore core, Supplier<Set<String>> allowEvents, Consumer<String> subscriptionGone) {
        this.core = core;
        this.allowEvents = allowEvents;
        this.subscriptionGone = subscriptionGone;
    }

    /** Builds and sends the NOTIFY with CSeq {@code cseq}; false when it could not be sent. */
    boolean send(DialogState dialog, long cseq, @Nullable String eventId, Notification notification) {
        String id = notification.subscription().id();
        try {
            Request notify = build(dialog, cseq, eventId, notification);
            ClientTransaction transaction = core.provider().getNewClientTransaction(notify);
            transaction.setApplicationData(new Listener(id));
            transaction.sendRequest();
            return true;
        } catch (ParseException | InvalidArgumentException | SipException | IllegalArgumentException e) {
            LOG.warn("NOTIFY of subscription {} to {} not sent: {}", id, dialog.remoteTarget(), e.getMessage());
            return false;
        }
    }

    Request build(DialogState dialog, long cseq, @Nullable String eventId, Notification notification)
            throws ParseException, InvalidArgumentException {
        HeaderFactory headers = core.headerFactory();
        Request notify = core.createRequest(dialog, Request.NOTIFY, cseq);
        EventHeader event = headers.createEventHeader(notification.subscription().eventPackage());
        if (eventId != null) {
            event.setEventId(eventId);
        }
        notify.setHeader(event);
        SubscriptionState state = notification.state();
        SubscriptionStateHeader subscriptionState = headers
                .createSubscriptionStateHeader(state.name().toLowerCase(Locale.ROOT));
        if (state == SubscriptionState.TERMINATED) {
            if (notification.reason() != null) {
                subscriptionState.setReasonCode(notification.reason());
            }
        } else {
            subscriptionState.setExpires((int) Math.min(notification.expiresIn(), Integer.MAX_VALUE));
        }
        notify.setHeader(subscriptionState);
        for (String name : allowEvents.get()) {
            notify.addHeader(headers.createAllowEventsHeader(name));
        }
        EventState body = notification.body();
        if (body != null) {
            int slash = body.contentType().indexOf('/');
            ContentTypeHeader type = headers.createContentTypeHeader(body.contentType().substring(0, slash),
                    body.contentType().substring(slash + 1));
            notify.setContent(body.body(), type);
        }
        return notify;
    }

    /** The answer to one NOTIFY. */
    private final class Listener implements SipResponseListener {
        private final String subscriptionId;

        Listener(String subscriptionId) {
            this.subscriptionId = subscriptionId;
        }

        @Override
        public void processResponse(ResponseEvent event) {
            int status = event.getResponse().getStatusCode();
            if (status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST || status == Response.REQUEST_TIMEOUT) {
                LOG.debug("NOTIFY of subscription {} answered {}: subscription removed", subscriptionId, status);
                subscriptionGone.accept(subscriptionId);
            } else if (status >= 300) {
                LOG.debug("NOTIFY of subscription {} answered {}", subscriptionId, status);
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            LOG.debug("NOTIFY of subscription {} unanswered: subscription removed", subscriptionId);
            subscriptionGone.accept(subscriptionId);
        }
    }
}
