package dev.parley.call.internal.sip;

import java.text.ParseException;
import java.util.regex.Pattern;

import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.CallState;
import dev.parley.api.call.DivertedSession;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.call.internal.CallRegistry;
import dev.parley.call.internal.CallSession;
import dev.parley.call.internal.CallSession.Side;
import dev.parley.call.internal.Leg;
import dev.parley.call.internal.Sdp;

/** What {@link dev.parley.api.call.CallService} asks of a call, as SIP requests Parley sends itself. */
public final class CallControl {
    private static final Logger LOG = LoggerFactory.getLogger(CallControl.class);
    private static final Pattern DTMF_DIGITS = Pattern.compile("[0-9A-D*#]+");
    private static final int DTMF_DURATION_MS = 160;

    private final Signalling signalling;
    private final CallRegistry registry;
    private final CallSetup setup;
    private final DialogRelay relay;

    public CallControl(Signalling signalling, CallRegistry registry, CallSetup setup, DialogRelay relay) {
        this.signalling = signalling;
        this.registry = registry;
        this.setup = setup;
        this.relay = relay;
    }

    /** Ends the call: a ringing call is cancelled (480 to the caller), an answered one gets BYE on both legs. */
    public void hangUp(String callId) {
        end(call(callId), EndReason.TERMINATED);
    }

    /** Ends the call for {@code reason} as {@link #hangUp} does. */
    public void end(CallSession session, EndReason reason) {
        synchronized (session) {
            if (!session.isAnswered()) {
                setup.abort(session, Response.TEMPORARILY_UNAVAILABLE, reason);
                return;
            }
            registry.end(session, reason);
            DivertedSession diverted = session.diverted();
            if (diverted != null) {
                diverted.ended();
            }
            for (Side side : Side.values()) {
                Leg leg = session.leg(side);
                if (leg != null) {
                    signalling.bye(leg);
                }
            }
        }
    }

    /**
     * {@code holder} holds (or, with {@code hold} false, resumes) the other party: a re-INVITE to it offering the
     * holder's last session description as sendonly (or sendrecv), with a new version.
     */
    public void hold(String callId, SipAddress holder, boolean hold) {
        CallSession session = call(callId);
        synchronized (session) {
            Side holderSide = sideOf(session, holder);
            CallState required = hold ? CallState.ESTABLISHED : CallState.HELD;
            Leg held = session.leg(holderSide.other());
            if (session.state() != required || session.diverted() != null || session.conference() != null
                    || held == null) {
                throw new ParleyException(ParleyError.INVALID_STATE,
                        "call " + callId + " is " + session.state() + ", not " + required);
            }
            if (session.offerPending()) {
                throw new ParleyException(ParleyError.INVALID_STATE, "call " + callId + " has an offer pending");
            }
            String sdp = held.localSdp();
            if (sdp == null) {
                throw new ParleyException(ParleyError.INVALID_STATE, "call " + callId + " has no session description");
            }
            Sdp.Direction direction = hold ? Sdp.Direction.SENDONLY : Sdp.Direction.SENDRECV;
            String offer = Sdp.withDirection(sdp, direction);
            try {
                Request reinvite = signalling.request(held, Request.INVITE);
                signalling.setBody(reinvite, "application", "sdp", offer);
                held.setLocalSdp(offer);
                session.setOfferPending(true);
                signalling.send(reinvite, event -> holdAnswered(session, held, holderSide, direction, event));
                registry.persist(session);
            } catch (ParseException | SipException e) {
                session.setOfferPending(false);
                throw new ParleyException(ParleyError.INTERNAL, "re-INVITE not sent: " + e.getMessage(), e);
            }
        }
    }

    private void holdAnswered(CallSession session, Leg held, Side holderSide, Sdp.Direction direction,
            ResponseEvent event) throws ParseException, SipException {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        synchronized (session) {
            session.setOfferPending(false);
            if (status >= 300 || session.isEnded()) {
                LOG.info("Call {}: hold/resume refused with {}", session.id(), status);
                return;
            }
            held.setRemoteTarget(Signalling.contactUri(response, held.dialog().remoteTarget()));
            signalling.ack(held, CallSetup.cseq(response), null);
            relay.holdChanged(session, holderSide, direction);
            registry.persist(session);
        }
    }

    /** Sends {@code digits} to {@code recipient} as INFO application/dtmf-relay, one digit after the other. */
    public void sendDtmf(String callId, SipAddress recipient, String digits) {
        if (!DTMF_DIGITS.matcher(digits).matches()) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "DTMF digits are 0-9, *, # and A-D: " + digits);
        }
        CallSession session = call(callId);
        synchronized (session) {
            Leg leg = session.leg(sideOf(session, recipient));
            if (!session.isAnswered() || session.diverted() != null || leg == null) {
                throw new ParleyException(ParleyError.INVALID_STATE, "call " + callId + " is not established");
            }
            sendDigit(session, leg, digits, 0);
        }
    }

    private void sendDigit(CallSession session, Leg leg, String digits, int index) {
        if (index >= digits.length() || session.isEnded()) {
            return;
        }
        try {
            Request info = signalling.request(leg, Request.INFO);
            signalling.setBody(info, "application", "dtmf-relay",
                    "Signal=" + digits.charAt(index) + "\r\nDuration=" + DTMF_DURATION_MS + "\r\n");
            // the next digit only once this one is answered, so the peer sees the CSeqs in order
            signalling.send(info, event -> {
                if (event.getResponse().getStatusCode() >= 200) {
                    synchronized (session) {
                        sendDigit(session, leg, digits, index + 1);
                    }
                }
            });
            registry.persist(session);
        } catch (ParseException | SipException e) {
            throw new ParleyException(ParleyError.INTERNAL, "INFO not sent: " + e.getMessage(), e);
        }
    }

    private CallSession call(String callId) {
        return registry.find(callId)
                .orElseThrow(() -> new ParleyException(ParleyError.NO_SUCH_CALL, "no active call " + callId));
    }

    private static Side sideOf(CallSession session, SipAddress party) {
        if (party.equals(session.caller())) {
            return Side.CALLER;
        }
        if (party.equals(session.callee())) {
            return Side.CALLEE;
        }
        throw new ParleyException(ParleyError.INVALID_ARGUMENT, party + " is not a party of call " + session.id());
    }
}
