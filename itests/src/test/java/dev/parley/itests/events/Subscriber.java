package dev.parley.itests.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.sip.RequestEvent;
import javax.sip.SipProvider;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipTestClient;

/**
 * The subscriber's side of RFC 6665 for tests, on a {@link SipTestClient}: SUBSCRIBE (answering a digest
 * challenge), SUBSCRIBE in the dialog a 200 created, and NOTIFYs received and answered 200.
 */
public final class Subscriber {

    public static final Duration SIP_TIMEOUT = Duration.ofSeconds(5);

    /** A SUBSCRIBE as sent (after the challenge) and its final answer. */
    public record Exchange(Request request, Response response) {
    }

    private Subscriber() {
    }

    /** SUBSCRIBE {@code sip:resource@domain} from {@code sip:subscriber@domain}; {@code expires} null: no header. */
    public static Request subscribe(SipTestClient client, String domain, String subscriber, String resource,
            String eventPackage, Integer expires) throws Exception {
        String target = "sip:" + resource + "@" + domain;
        Request request = client.createRequest(Request.SUBSCRIBE, target, "sip:" + subscriber + "@" + domain, target);
        request.addHeader(client.headerFactory().createEventHeader(eventPackage));
        if (expires != null) {
            request.addHeader(client.headerFactory().createExpiresHeader(expires));
        }
        return request;
    }

    /** Sends {@code request}, answering a digest challenge as {@code user} with {@code password}. */
    public static Exchange send(SipTestClient client, Request request, String user, String password)
            throws Exception {
        Response response = client.send(request, SIP_TIMEOUT);
        if (response.getStatusCode() == Response.UNAUTHORIZED) {
            Request authorized = client.authorize(request, response, user, password, "MD5");
            return new Exchange(authorized, client.send(authorized, SIP_TIMEOUT));
        }
        return new Exchange(request, response);
    }

    /** A SUBSCRIBE in the dialog the 200 of {@code initial} created (refresh, or un-subscribe with 0). */
    public static Request inDialog(SipTestClient client, Exchange initial, long cseq, int expires) throws Exception {
        Request next = (Request) initial.request().clone();
        URI target = ((ContactHeader) initial.response().getHeader(ContactHeader.NAME)).getAddress().getURI();
        next.setRequestURI(target);
        next.setHeader(initial.response().getHeader(ToHeader.NAME));
        next.removeHeader(ViaHeader.NAME);
        next.addHeader(client.headerFactory().createViaHeader(ParleyKarafTestSupport.HOST, client.localPort(),
                client.transport(), null));
        next.setHeader(client.headerFactory().createCSeqHeader(cseq, Request.SUBSCRIBE));
        next.setHeader(client.headerFactory().createExpiresHeader(expires));
        next.removeHeader(AuthorizationHeader.NAME);
        return next;
    }

    /** The next NOTIFY the client received, answered 200; fails after {@link #SIP_TIMEOUT}. */
    public static Request nextNotify(SipTestClient client) throws Exception {
        long deadline = System.nanoTime() + SIP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            RequestEvent event = client.nextReceivedRequest(Duration.ofMillis(200));
            if (event != null && Request.NOTIFY.equals(event.getRequest().getMethod())) {
                Response ok = client.messageFactory().createResponse(Response.OK, event.getRequest());
                ((SipProvider) event.getSource()).sendResponse(ok);
                return event.getRequest();
            }
        }
        throw new AssertionError("No NOTIFY within " + SIP_TIMEOUT);
    }

    /** True when {@code notify} belongs to the dialog of {@code exchange} (Call-ID and both tags). */
    public static boolean inDialogOf(Exchange exchange, Request notify) {
        return callId(exchange.request()).equals(callId(notify))
                && ((ToHeader) exchange.response().getHeader(ToHeader.NAME)).getTag()
                        .equals(((FromHeader) notify.getHeader(FromHeader.NAME)).getTag())
                && ((FromHeader) exchange.request().getHeader(FromHeader.NAME)).getTag()
                        .equals(((ToHeader) notify.getHeader(ToHeader.NAME)).getTag());
    }

    public static String body(Request request) {
        byte[] raw = request.getRawContent();
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    /** {@code active}, {@code pending}, or {@code terminated;reason=...}. */
    public static String subscriptionState(Request notify) {
        SubscriptionStateHeader header = (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
        return header.getState() + (header.getReasonCode() == null ? "" : ";reason=" + header.getReasonCode());
    }

    public static long cseq(Request request) {
        return ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    public static String callId(Message message) {
        return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
