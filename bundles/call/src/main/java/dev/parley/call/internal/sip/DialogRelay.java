package dev.parley.call.internal.sip;

import java.text.ParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ContentDispositionHeader;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.Header;
import javax.sip.header.ReferToHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.call.DivertedSession;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.call.internal.CallRegistry;
import dev.parley.call.internal.CallSession;
import dev.parley.call.internal.CallSession.Side;
import dev.parley.call.internal.Leg;
import dev.parley.call.internal.Sdp;
import dev.parley.sip.spi.SipResponseListener;

/**
 * Requests inside an answered call: ACK ends the 2xx retransmission (and carries a delayed answer across), BYE
 * ends both legs, and re-INVITE, UPDATE, INFO (and any other method) are relayed to the other party with their
 * bodies untouched, their answers relayed back. An offer's SDP direction tells hold (sendonly, inactive) from
 * resume. Unknown dialogs get 481.
 */
public final class DialogRelay {
    private static final Logger LOG = LoggerFactory.getLogger(DialogRelay.class);
    private static final Pattern DTMF_SIGNAL = Pattern.compile("(?im)^\\s*Signal\\s*=\\s*([0-9A-D*#])");
    private static final String INFO_PACKAGE = "Info-Package";

    private final Signalling signalling;
    private final CallRegistry registry;
    private final OkRetransmissions oks;

    private final Transfers transfers;
    private final SessionTimers sessionTimers;

    public DialogRelay(Signalling signalling, CallRegistry registry, OkRetransmissions oks, Transfers transfers,
            SessionTimers sessionTimers) {
        this.signalling = signalling;
        this.registry = registry;
        this.oks = oks;
        this.transfers = transfers;
        this.sessionTimers = sessionTimers;
    }

    /**
     * A 2xx to INVITE that no client transaction claims (the peer did not see Parley's ACK and sends it again): when
     * it belongs to a leg of a call, Parley's ACK goes again. False when it is no call's.
     */
    public boolean retransmittedAnswer(Response response) {
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (response.getStatusCode() / 100 != 2 || cseq == null || !Request.INVITE.equals(cseq.getMethod())) {
            return false;
        }
        String sipCallId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
        String tag = ((FromHeader) response.getHeader(FromHeader.NAME)).getTag(); // Parley sent the INVITE
        CallSession session = tag == null ? null : registry.byDialog(sipCallId, tag);
        if (session == null) {
            return false;
        }
        synchronized (session) {
            Leg leg = legOf(session, Leg.key(sipCallId, tag));
            if (leg != null && !signalling.reAck(leg, cseq.getSeqNumber())) {
                LOG.debug("Call {}: a 2xx came again before Parley ACKed it", session.id());
            }
            return leg != null;
        }
    }

    /** A request with a To tag: ACK, BYE, re-INVITE, UPDATE, INFO, ... */
    public void handle(RequestEvent event) throws ParseException, SipException, InvalidArgumentException {
        Request request = event.getRequest();
        String method = request.getMethod();
        String sipCallId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        String tag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        CallSession session = registry.byDialog(sipCallId, tag);
        if (session == null) {
            if (!Request.ACK.equals(method)) {
                signalling.sip().respond(event, signalling.sip().createResponse(481, request));
            }
            return;
        }
        synchronized (session) {
            Leg from = legOf(session, Leg.key(sipCallId, tag));
            if (from == null || session.isEnded()) {
                if (!Request.ACK.equals(method)) {
                    signalling.sip().respond(event, signalling.sip().createResponse(481, request));
                }
                return;
            }
            Side side = session.sideOf(from);
            if (Request.ACK.equals(method)) {
                acknowledged(session, side, from, request);
                return;
            }
            RequestAnswer answer = RequestAnswer.of(signalling.sip(), event);
            if (!from.acceptRemoteCSeq(CallSetup.cseq(request))) {
                answer.send(signalling.response(Response.SERVER_INTERNAL_ERROR, "CSeq out of order",
                        request, from));
                return;
            }
            if (Request.BYE.equals(method)) {
                bye(session, side, from, request, answer);
            } else if (Request.REFER.equals(method)) {
                refer(session, side, from, request, answer);
            } else if (session.conference() != null && isOffer(method)) {
                answerFromConference(session, from, request, answer);
            } else if (session.diverted() != null) {
                toDiversion(session, from, request, answer);
            } else {
                relay(session, side, from, request, answer);
            }
        }
    }

    private static @Nullable Leg legOf(CallSession session, String key) {
        for (Side side : Side.values()) {
            Leg leg = session.leg(side);
            if (leg != null && leg.key().equals(key)) {
                return leg;
            }
        }
        return null;
    }

    private void acknowledged(CallSession session, Side side, Leg from, Request ack)
            throws ParseException, SipException {
        oks.acknowledged(OkRetransmissions.key(from.key(), CallSetup.cseq(ack)));
        Long owed = session.takeOwedAck(side.other());
        Leg other = session.leg(side.other());
        if (owed != null && other != null) {
            signalling.ack(other, owed, Signalling.body(ack) != null ? ack : null);
        }
    }

    private void bye(CallSession session, Side side, Leg from, Request bye, RequestAnswer answer)
            throws ParseException, SipException, InvalidArgumentException {
        // the call is over before either party hears so, so whoever it tells sees the new state
        DivertedSession diverted = session.diverted();
        if (diverted != null) {
            registry.end(session, EndReason.DIVERTED);
            diverted.ended();
        } else {
            LOG.debug("Call {} hung up by the {}", session.id(), side);
            registry.end(session, side == Side.CALLER ? EndReason.CALLER_HUNG_UP : EndReason.CALLEE_HUNG_UP);
            Leg other = session.leg(side.other());
            if (other != null) {
                signalling.bye(other);
            }
        }
        answer.send(signalling.response(Response.OK, null, bye, from));
    }

    /**
     * REFER (RFC 3515), answered 202 with the progress in NOTIFYs: a blind transfer to the Refer-To address, or
     * with Replaces (RFC 3891) in it an attended transfer joining the transferee with the other party of the
     * replaced dialog.
     */
    private void refer(CallSession session, Side side, Leg from, Request refer, RequestAnswer answer)
            throws ParseException, SipException, InvalidArgumentException {
        ReferToHeader referTo = (ReferToHeader) refer.getHeader(ReferToHeader.NAME);
        URI uri = referTo == null ? null : referTo.getAddress().getURI();
        if (!(uri instanceof SipURI target) || target.getUser() == null) {
            answer.send(signalling.response(Response.BAD_REQUEST, "Refer-To must be a SIP address",
                    refer, from));
            return;
        }
        String replacesHeader = target.getHeader("Replaces");
        if (replacesHeader != null) {
            Replaces replaces = Replaces.parse(replacesHeader);
            if (replaces == null) {
                answer.send(signalling.response(Response.BAD_REQUEST, "Invalid Replaces", refer, from));
                return;
            }
            answer.send(signalling.response(Response.ACCEPTED, null, refer, from));
            transfers.attended(session, side, replaces);
            return;
        }
        SipAddress address;
        try {
            address = new SipAddress(target.getUser(), target.getHost());
        } catch (ParleyException e) {
            answer.send(signalling.response(Response.BAD_REQUEST, "Invalid Refer-To", refer, from));
            return;
        }
        answer.send(signalling.response(Response.ACCEPTED, null, refer, from));
        transfers.refer(session, side, address);
    }

    /** A diverted call's other end is a service: DTMF in INFO goes to it, offers are refused. */
    private void toDiversion(CallSession session, Leg from, Request request, RequestAnswer answer)
            throws ParseException, SipException, InvalidArgumentException {
        DivertedSession diverted = session.diverted();
        String body = Signalling.body(request);
        int status = Response.NOT_ACCEPTABLE_HERE;
        if (Request.INFO.equals(request.getMethod()) && diverted != null) {
            Matcher digit = DTMF_SIGNAL.matcher(body == null ? "" : body);
            status = digit.find() ? Response.OK : Response.UNSUPPORTED_MEDIA_TYPE;
            if (status == Response.OK) {
                diverted.dtmfReceived(digit.group(1).charAt(0));
            }
        }
        answer.send(signalling.response(status, null, request, from));
    }

    private static boolean isOffer(String method) {
        return Request.INVITE.equals(method) || Request.UPDATE.equals(method);
    }

    /**
     * A joined call's media ends on Parley's conference session, which cannot renegotiate: a re-INVITE or UPDATE
     * (a session refresh, a hold) is answered with the session description Parley already gave the party; 491
     * while Parley's own re-INVITEs of the join are under way.
     */
    private void answerFromConference(CallSession session, Leg from, Request request, RequestAnswer answer)
            throws ParseException, SipException, InvalidArgumentException {
        if (session.offerPending()) {
            answer.send(signalling.response(Response.REQUEST_PENDING, null, request, from));
            return;
        }
        from.setRemoteTarget(Signalling.contactUri(request, from.dialog().remoteTarget()));
        Response ok = signalling.response(Response.OK, null, request, from);
        String sdp = from.localSdp();
        if (sdp != null) {
            signalling.setBody(ok, "application", "sdp", sdp);
        }
        sessionTimers.refreshed(session, session.sideOf(from), request, ok); // answered here, but a refresh all the same
        answer.send(ok);
        if (Request.INVITE.equals(request.getMethod())) {
            oks.start(OkRetransmissions.key(from.key(), CallSetup.cseq(request)), ok);
        }
        registry.persist(session);
    }

    private void relay(CallSession session, Side side, Leg from, Request request, RequestAnswer answer)
            throws ParseException, SipException, InvalidArgumentException {
        String method = request.getMethod();
        Leg other = session.leg(side.other());
        if (other == null) {
            answer.send(signalling.response(481, null, request, from));
            return;
        }
        boolean offer = isOffer(method);
        if (offer && session.offerPending()) {
            answer.send(signalling.response(Response.REQUEST_PENDING, null, request, from));
            return;
        }
        if (offer) {
            session.setOfferPending(true);
            from.setRemoteTarget(Signalling.contactUri(request, from.dialog().remoteTarget()));
        }
        Request relayed = signalling.request(other, method);
        Signalling.copyBody(request, relayed);
        copyHeader(request, relayed, ContentDispositionHeader.NAME);
        copyHeader(request, relayed, INFO_PACKAGE);
        String sdp = offer ? Signalling.body(request) : null;
        if (sdp != null) {
            other.setLocalSdp(sdp);
        }
        signalling.send(relayed, new RelayListener(session, side, request, answer,
                sdp == null ? null : Sdp.direction(sdp)));
        registry.persist(session);
    }

    private static void copyHeader(Request from, Request to, String name) {
        Header header = from.getHeader(name);
        if (header != null) {
            to.setHeader(header);
        }
    }

    /** Relays the answers of a relayed request back to its sender. */
    private final class RelayListener implements SipResponseListener {
        private final CallSession session;
        private final Side side;
        private final Request original;
        private final RequestAnswer answer;
        private final Sdp.@Nullable Direction offered;
        /** A final answer was relayed: what comes after it is a retransmission. */
        private boolean finished;

        RelayListener(CallSession session, Side side, Request original, RequestAnswer answer,
                Sdp.@Nullable Direction offered) {
            this.session = session;
            this.side = side;
            this.original = original;
            this.answer = answer;
            this.offered = offered;
        }

        @Override
        public void processResponse(ResponseEvent event) throws ParseException, SipException,
                InvalidArgumentException {
            Response response = event.getResponse();
            int status = response.getStatusCode();
            if (status == Response.TRYING) {
                return;
            }
            synchronized (session) {
                Leg from = session.leg(side);
                Leg other = session.leg(side.other());
                if (from == null || other == null || session.isEnded()) {
                    return;
                }
                boolean invite = Request.INVITE.equals(original.getMethod());
                if (finished) {
                    // relayed once already: a 2xx again means the peer did not get Parley's ACK
                    if (invite && status / 100 == 2) {
                        signalling.reAck(other, CallSetup.cseq(response));
                    }
                    return;
                }
                finished = status >= 200;
                Response relayed = signalling.response(status, response.getReasonPhrase(), original, from);
                Signalling.copyBody(response, relayed);
                if (status >= 200 && status < 300 && (invite || Request.UPDATE.equals(original.getMethod()))) {
                    sessionTimers.refreshed(session, side, original, relayed);
                }
                if (status >= 200 && status < 300 && invite) {
                    other.setRemoteTarget(Signalling.contactUri(response, other.dialog().remoteTarget()));
                    if (Signalling.body(original) != null) {
                        signalling.ack(other, CallSetup.cseq(response), null);
                    } else {
                        session.oweAck(side.other(), CallSetup.cseq(response));
                    }
                }
                answer.send(relayed);
                if (status >= 200 && status < 300) {
                    String answer = Signalling.body(response);
                    if (answer != null) {
                        from.setLocalSdp(answer);
                    }
                    if (invite) {
                        oks.start(OkRetransmissions.key(from.key(), CallSetup.cseq(original)), relayed);
                    }
                    if (offered != null) {
                        holdChanged(session, side, offered);
                    }
                }
                if (status >= 200) {
                    session.setOfferPending(false);
                    registry.persist(session);
                }
                if (status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST) {
                    partyGone(session, side, "481");
                }
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) throws ParseException, SipException,
                InvalidArgumentException {
            synchronized (session) {
                session.setOfferPending(false);
                Leg from = session.leg(side);
                if (from != null && !session.isEnded()) {
                    answer.send(signalling.response(Response.REQUEST_TIMEOUT, null, original, from));
                    partyGone(session, side, "no answer");
                }
            }
        }
    }

    /**
     * The dialog of the party a request was relayed to is gone: it answered 481, or did not answer at all (RFC 5057
     * section 5.1). The call cannot go on, so it ends (FAILED) and the requester gets a BYE; otherwise a call whose
     * BYE was lost would stay up until its session timer or the maximum duration.
     */
    private void partyGone(CallSession session, Side requester, String why) {
        if (session.isEnded()) {
            return;
        }
        LOG.info("Call {}: the {}'s dialog is gone ({}), ending the call", session.id(), requester.other(), why);
        registry.end(session, EndReason.FAILED);
        Leg leg = session.leg(requester);
        if (leg != null) {
            signalling.bye(leg);
        }
    }

    /** After an accepted offer from {@code offerer}: HELD for sendonly/inactive, ESTABLISHED otherwise. */
    void holdChanged(CallSession session, Side offerer, Sdp.Direction offered) {
        CallState next = offered.holds() ? CallState.HELD : CallState.ESTABLISHED;
        if (next == session.state()) {
            return;
        }
        session.setState(next);
        registry.events().post(next == CallState.HELD ? CallService.TOPIC_HELD : CallService.TOPIC_RESUMED, session,
                Map.of(CallService.PROPERTY_PARTY, session.party(offerer).uri()));
    }
}
