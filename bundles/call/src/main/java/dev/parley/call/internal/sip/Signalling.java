package dev.parley.call.internal.sip;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.call.internal.Leg;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipResponseListener;

/** Building and sending the messages of the B2BUA's legs, on top of {@link SipCore}. */
public final class Signalling {
    private static final Logger LOG = LoggerFactory.getLogger(Signalling.class);
    /** For requests whose answer changes nothing (BYE, the ACK-less end of a late branch). */
    private static final SipResponseListener IGNORE = event -> {
    };

    private final SipCore sip;
    private final SecureRandom random = new SecureRandom();

    public Signalling(SipCore sip) {
        this.sip = sip;
    }

    public SipCore sip() {
        return sip;
    }

    /** 32 random bits or more, as RFC 3261 section 19.3 asks of tags. */
    public String newTag() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String newCallId() {
        return UUID.randomUUID() + "@parley";
    }

    /** A response on a leg where Parley is the UAS: Parley's tag in To and, for 1xx-2xx to INVITE, its Contact. */
    public Response response(int status, @Nullable String reason, Request request, Leg leg) throws ParseException {
        Response response = reason == null ? sip.createResponse(status, request)
                : sip.createResponse(status, reason, request);
        if (status > 100) {
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(leg.localTag());
        }
        if (status > 100 && status < 300 && Request.INVITE.equals(request.getMethod())
                || status / 100 == 2 && Request.UPDATE.equals(request.getMethod())) {
            response.setHeader(sip.createContact("", leg.transport()));
        }
        return response;
    }

    /** The next request of Parley's in the leg's dialog. */
    public Request request(Leg leg, String method) throws ParseException {
        return sip.createRequest(leg.dialog(), method, leg.nextCSeq());
    }

    /** Sends a request through a new client transaction whose answers go to {@code listener}. */
    public ClientTransaction send(Request request, SipResponseListener listener) throws SipException {
        ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
        transaction.setApplicationData(listener);
        transaction.sendRequest();
        return transaction;
    }

    /** Sends a BYE in the leg's dialog, ignoring its answer; failures are logged, the call ends anyway. */
    public void bye(Leg leg) {
        try {
            send(request(leg, Request.BYE), IGNORE);
        } catch (ParseException | SipException | RuntimeException e) {
            LOG.warn("BYE on dialog {} not sent: {}", leg.sipCallId(), e.getMessage());
        }
    }

    /** ACKs a 2xx to the INVITE with CSeq {@code cseq} in the leg's dialog, with {@code body} if given. */
    public void ack(Leg leg, long cseq, @Nullable Message body) throws ParseException, SipException {
        Request ack = sip.createRequest(leg.dialog(), Request.ACK, cseq);
        if (body != null) {
            copyBody(body, ack);
        }
        sip.provider().sendRequest(ack);
        leg.setLastAck(ack);
    }

    /**
     * The peer sent the 2xx to the INVITE with CSeq {@code cseq} again: Parley's ACK was lost, so it goes again
     * (RFC 3261 section 13.2.2.4). False when Parley has not ACKed that 2xx (it still waits for the other party's
     * ACK to carry a delayed answer) or knows no ACK of it (a call restored after a restart).
     */
    public boolean reAck(Leg leg, long cseq) {
        Request ack = leg.lastAck();
        if (ack == null || ((CSeqHeader) ack.getHeader(CSeqHeader.NAME)).getSeqNumber() != cseq) {
            return false;
        }
        try {
            sip.provider().sendRequest(ack);
            return true;
        } catch (SipException | RuntimeException e) {
            LOG.debug("ACK on dialog {} not re-sent: {}", leg.sipCallId(), e.getMessage());
            return false;
        }
    }

    /** ACK and BYE for a 2xx Parley does not want (a second answer to a forked call, RFC 3261 section 13.2.2.4). */
    public void refuseAnswer(Leg leg, ResponseEvent event) {
        try {
            Response response = event.getResponse();
            confirm(leg, response);
            long cseq = ((javax.sip.header.CSeqHeader) response.getHeader(javax.sip.header.CSeqHeader.NAME))
                    .getSeqNumber();
            ack(leg, cseq, null);
            bye(leg);
        } catch (ParseException | SipException | RuntimeException e) {
            LOG.warn("Late answer on {} not closed: {}", leg.sipCallId(), e.getMessage());
        }
    }

    /** Confirms a UAC leg from the peer's 2xx: its tag, Contact and reversed Record-Route. */
    public static void confirm(Leg leg, Response response) {
        String tag = ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
        List<String> routes = new ArrayList<>();
        for (Iterator<?> it = response.getHeaders(RecordRouteHeader.NAME); it.hasNext();) {
            routes.add(0, ((RecordRouteHeader) it.next()).getAddress().toString());
        }
        leg.confirm(tag == null ? "" : tag, contactUri(response, leg.dialog().remoteTarget()), routes);
    }

    /** The Contact URI of a message, or {@code fallback} when it has none. */
    public static String contactUri(Message message, String fallback) {
        ContactHeader contact = (ContactHeader) message.getHeader(ContactHeader.NAME);
        Address address = contact == null ? null : contact.getAddress();
        return address == null ? fallback : address.getURI().toString();
    }

    /** The Record-Route values of a request, in order: the route set of a UAS (RFC 3261 section 12.1.1). */
    public static List<String> recordRoutes(Request request) {
        List<String> routes = new ArrayList<>();
        for (Iterator<?> it = request.getHeaders(RecordRouteHeader.NAME); it.hasNext();) {
            routes.add(((RecordRouteHeader) it.next()).getAddress().toString());
        }
        return routes;
    }

    /** Copies the body and its Content-Type untouched (SDP passes through the B2BUA as it is). */
    public static void copyBody(@Nullable Message from, Message to) throws ParseException {
        if (from == null) {
            return;
        }
        byte[] content = from.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) from.getHeader(ContentTypeHeader.NAME);
        if (content != null && content.length > 0 && type != null) {
            to.setContent(content, type);
        }
    }

    /** The body as text, or {@code null} when there is none. */
    public static @Nullable String body(@Nullable Message message) {
        byte[] content = message == null ? null : message.getRawContent();
        return content == null || content.length == 0 ? null
                : new String(content, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A body Parley writes itself (a hold offer, DTMF) with its Content-Type. */
    public void setBody(Message message, String type, String subType, String text) throws ParseException {
        message.setContent(text, sip.headerFactory().createContentTypeHeader(type, subType));
    }
}
