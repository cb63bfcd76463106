package dev.parley.call.internal.sip;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.call.internal.CallRegistry;
import dev.parley.call.internal.CallSession;
import dev.parley.call.internal.CallSession.Side;
import dev.parley.call.internal.CallerSide;
import dev.parley.call.internal.Leg;

/**
 * Blind transfer (through {@link CallService#transfer} or a REFER, RFC 3515): the transferee stays, the transferor
 * leaves. Parley calls the target's contacts without an offer, sends the target's offer to the transferee in a
 * re-INVITE and the transferee's answer to the target in the ACK; then the transferor is released (BYE) and the old
 * call ends as TRANSFERRED, the transferee and the target carrying on as a new call. For a REFER the transferor
 * hears the progress as NOTIFY message/sipfrag. If the target does not answer, the call goes on as before.
 */
public final class Transfers {
    private static final Logger LOG = LoggerFactory.getLogger(Transfers.class);

    private final Signalling signalling;
    private final CallRegistry registry;
    private final CallSetup setup;
    private final Function<SipAddress, List<Binding>> location;

    public Transfers(Signalling signalling, CallRegistry registry, CallSetup setup,
            Function<SipAddress, List<Binding>> location) {
        this.signalling = signalling;
        this.registry = registry;
        this.setup = setup;
        this.location = location;
    }

    /** {@code transferor} leaves the call; the other party is connected to {@code target}. */
    public void transfer(String callId, SipAddress transferor, SipAddress target) {
        CallSession call = registry.find(callId)
                .orElseThrow(() -> new ParleyException(ParleyError.NO_SUCH_CALL, "no active call " + callId));
        synchronized (call) {
            Side side;
            if (transferor.equals(call.caller())) {
                side = Side.CALLER;
            } else if (transferor.equals(call.callee())) {
                side = Side.CALLEE;
            } else {
                throw new ParleyException(ParleyError.INVALID_ARGUMENT, transferor + " is not a party of " + callId);
            }
            start(call, side, target, false);
        }
    }

    /** A REFER from the party on {@code side}, already answered 202 (under the call's lock). */
    void refer(CallSession call, Side side, SipAddress target) {
        try {
            start(call, side, target, true);
        } catch (ParleyException e) {
            notifyProgress(call.leg(side), e.error().sipStatus() + " " + e.error().sipReason(), true);
        }
    }

    private void start(CallSession call, Side transferorSide, SipAddress target, boolean notify) {
        Leg transferee = call.leg(transferorSide.other());
        Leg transferor = call.leg(transferorSide);
        boolean established = call.state() == CallState.ESTABLISHED || call.state() == CallState.HELD;
        if (!established || call.diverted() != null || call.offerPending() || transferee == null
                || transferor == null) {
            throw new ParleyException(ParleyError.INVALID_STATE, "call " + call.id() + " cannot be transferred now");
        }
        List<Binding> contacts = location.apply(target);
        if (contacts.isEmpty()) {
            throw new ParleyException(ParleyError.TEMPORARILY_UNAVAILABLE, target + " is not registered");
        }
        call.setOfferPending(true); // no hold or second transfer meanwhile
        if (notify) {
            notifyProgress(transferor, "100 Trying", false);
        }
        CallSession next = new CallSession(UUID.randomUUID().toString(), call.party(transferorSide.other()), target,
                registry.clock().instant(), transferee, CallState.INITIATING);
        LOG.debug("Call {}: {} transfers {} to {} (new call {})", call.id(), call.party(transferorSide),
                next.caller(), target, next.id());
        setup.startOriginated(next,
                new TransfereeSide(call, next, transferorSide, transferee, transferor, target, notify), contacts);
    }

    /** The transferee, as the caller of the new call to the target. */
    private final class TransfereeSide implements CallerSide {
        private final CallSession old;
        private final CallSession next;
        private final Side transferorSide;
        private final Leg transferee;
        private final Leg transferor;
        private final SipAddress target;
        private final boolean notify;

        TransfereeSide(CallSession old, CallSession next, Side transferorSide, Leg transferee, Leg transferor,
                SipAddress target, boolean notify) {
            this.old = old;
            this.next = next;
            this.transferorSide = transferorSide;
            this.transferee = transferee;
            this.transferor = transferor;
            this.target = target;
            this.notify = notify;
        }

        @Override
        public @Nullable Message offer() {
            return null; // the target offers; the transferee answers in a re-INVITE
        }

        @Override
        public String calleeAddress() {
            return "<" + target.uri() + ">";
        }

        @Override
        public int maxForwards() {
            return 70;
        }

        @Override
        public void provisional(Response response) {
            if (notify) {
                notifyProgress(transferor, response.getStatusCode() + " " + response.getReasonPhrase(), false);
            }
        }

        /** The target answered with its offer: a re-INVITE carries it to the transferee. */
        @Override
        public void answered(Response response) throws ParseException, SipException {
            Request reinvite = signalling.request(transferee, Request.INVITE);
            Signalling.copyBody(response, reinvite);
            signalling.send(reinvite, this::transfereeAnswered);
        }

        private void transfereeAnswered(ResponseEvent event) throws ParseException, SipException {
            Response response = event.getResponse();
            int status = response.getStatusCode();
            if (status < 200) {
                return;
            }
            synchronized (next) {
                Leg target = next.calleeLeg();
                Long owed = next.takeOwedAck(Side.CALLEE);
                if (status >= 300 || target == null || owed == null) {
                    LOG.info("Call {}: the transferee refused the target's offer with {}", old.id(), status);
                    if (target != null && owed != null) {
                        signalling.ack(target, owed, null);
                        signalling.bye(target);
                    }
                    rejected(status);
                    registry.end(next, EndReason.FAILED);
                    return;
                }
                transferee.setRemoteTarget(Signalling.contactUri(response, transferee.dialog().remoteTarget()));
                signalling.ack(transferee, CallSetup.cseq(response), null);
                signalling.ack(target, owed, response);
                target.setLocalSdp(Signalling.body(response));
                registry.persist(next);
            }
            synchronized (old) {
                registry.events().post(CallService.TOPIC_TRANSFERRED, old,
                        Map.of(CallService.PROPERTY_PARTY, old.party(transferorSide).uri(),
                                CallService.PROPERTY_TARGET, this.target.uri()));
                registry.end(old, EndReason.TRANSFERRED);
                if (notify) {
                    notifyProgress(transferor, "200 OK", true);
                }
                signalling.bye(transferor);
            }
        }

        @Override
        public boolean divertible() {
            return false;
        }

        @Override
        public void diverted(String sdp) {
            throw new IllegalStateException("a transfer is not diverted");
        }

        /** The target did not answer (or refused): the old call goes on. */
        @Override
        public void rejected(int status) {
            synchronized (old) {
                registry.index(old, transferee); // the new call took the transferee's dialog; give it back
                old.setOfferPending(false);
                if (notify) {
                    notifyProgress(transferor, status + " Transfer failed", true);
                }
            }
        }
    }

    /**
     * An attended transfer (REFER with Replaces, under {@code call}'s lock): the transferor, in {@code call} with
     * the transferee and in a second call with the target, leaves both; the transferee and the target are joined.
     * The target is re-INVITEd without an offer, its offer goes to the transferee in a re-INVITE, the transferee's
     * answer back in the target's ACK; then both of the transferor's legs get BYE and both calls end TRANSFERRED.
     */
    void attended(CallSession call, Side transferorSide, Replaces replaces) {
        Leg transferor = call.leg(transferorSide);
        CallSession consultation = registry.byDialog(replaces.callId(), replaces.toTag());
        if (consultation == null) {
            consultation = registry.byDialog(replaces.callId(), replaces.fromTag());
        }
        if (consultation == null || consultation == call) {
            notifyProgress(transferor, "481 Call/Transaction Does Not Exist", true);
            return;
        }
        synchronized (consultation) {
            Leg inConsultation = legOf(consultation, replaces);
            Leg transferee = call.leg(transferorSide.other());
            if (inConsultation == null || transferee == null || !joinable(call) || !joinable(consultation)) {
                notifyProgress(transferor, "491 Request Pending", true);
                return;
            }
            Side consultationSide = consultation.sideOf(inConsultation);
            Leg target = consultation.leg(consultationSide.other());
            if (target == null) {
                notifyProgress(transferor, "481 Call/Transaction Does Not Exist", true);
                return;
            }
            call.setOfferPending(true);
            consultation.setOfferPending(true);
            notifyProgress(transferor, "100 Trying", false);
            Join join = new Join(call, transferorSide, consultation, consultationSide, transferee, target);
            try {
                signalling.send(signalling.request(target, Request.INVITE), join::targetAnswered);
                registry.persist(consultation);
            } catch (ParseException | SipException e) {
                join.failed("500 Server Internal Error");
            }
        }
    }

    private static boolean joinable(CallSession session) {
        return (session.state() == CallState.ESTABLISHED || session.state() == CallState.HELD)
                && session.diverted() == null && !session.offerPending();
    }

    private static @Nullable Leg legOf(CallSession session, Replaces replaces) {
        for (Side side : Side.values()) {
            Leg leg = session.leg(side);
            if (leg != null && leg.sipCallId().equals(replaces.callId())
                    && (leg.localTag().equals(replaces.toTag()) || leg.localTag().equals(replaces.fromTag()))) {
                return leg;
            }
        }
        return null;
    }

    /** The re-INVITEs of an attended transfer: the target's offer, then the transferee's answer. */
    private final class Join {
        private final CallSession call;
        private final Side transferorSide;
        private final CallSession consultation;
        private final Side consultationSide;
        private final Leg transferee;
        private final Leg target;
        private long targetCSeq;

        Join(CallSession call, Side transferorSide, CallSession consultation, Side consultationSide, Leg transferee,
                Leg target) {
            this.call = call;
            this.transferorSide = transferorSide;
            this.consultation = consultation;
            this.consultationSide = consultationSide;
            this.transferee = transferee;
            this.target = target;
        }

        void targetAnswered(ResponseEvent event) throws ParseException, SipException {
            Response offer = event.getResponse();
            if (offer.getStatusCode() < 200) {
                return;
            }
            synchronized (call) {
                if (offer.getStatusCode() >= 300 || Signalling.body(offer) == null) {
                    if (offer.getStatusCode() < 300) {
                        signalling.ack(target, CallSetup.cseq(offer), null);
                    }
                    failed(offer.getStatusCode() + " " + offer.getReasonPhrase());
                    return;
                }
                targetCSeq = CallSetup.cseq(offer);
                target.setRemoteTarget(Signalling.contactUri(offer, target.dialog().remoteTarget()));
                transferee.setLocalSdp(Signalling.body(offer));
                Request reinvite = signalling.request(transferee, Request.INVITE);
                Signalling.copyBody(offer, reinvite);
                signalling.send(reinvite, this::transfereeAnswered);
            }
        }

        private void transfereeAnswered(ResponseEvent event) throws ParseException, SipException {
            Response answer = event.getResponse();
            int status = answer.getStatusCode();
            if (status < 200) {
                return;
            }
            synchronized (call) {
                synchronized (consultation) {
                    if (status >= 300) {
                        signalling.ack(target, targetCSeq, null);
                        failed(status + " " + answer.getReasonPhrase());
                        return;
                    }
                    transferee.setRemoteTarget(Signalling.contactUri(answer, transferee.dialog().remoteTarget()));
                    signalling.ack(transferee, CallSetup.cseq(answer), null);
                    signalling.ack(target, targetCSeq, answer);
                    target.setLocalSdp(Signalling.body(answer));
                    joined();
                }
            }
        }

        /** Both re-INVITEs done: a new call of the two remaining parties; the transferor's legs are released. */
        private void joined() {
            CallSession joined = new CallSession(UUID.randomUUID().toString(), call.party(transferorSide.other()),
                    consultation.party(consultationSide.other()), registry.clock().instant(), transferee,
                    CallState.INITIATING);
            synchronized (joined) {
                registry.add(joined, null);
                joined.answer(target, registry.clock().instant());
                registry.index(joined, target);
                registry.persist(joined);
                registry.events().post(CallService.TOPIC_ANSWERED, joined, Map.of());
            }
            registry.events().post(CallService.TOPIC_TRANSFERRED, call,
                    Map.of(CallService.PROPERTY_PARTY, call.party(transferorSide).uri(),
                            CallService.PROPERTY_TARGET, joined.callee().uri()));
            // ended before the transferor hears of it, so whoever it tells sees the new state
            registry.end(call, EndReason.TRANSFERRED);
            registry.end(consultation, EndReason.TRANSFERRED);
            Leg transferor = call.leg(transferorSide);
            notifyProgress(transferor, "200 OK", true);
            for (Leg leg : new Leg[] { transferor, consultation.leg(consultationSide) }) {
                if (leg != null) {
                    signalling.bye(leg);
                }
            }
        }

        void failed(String statusLine) {
            LOG.info("Attended transfer of call {} failed: {}", call.id(), statusLine);
            call.setOfferPending(false);
            consultation.setOfferPending(false);
            notifyProgress(call.leg(transferorSide), statusLine, true);
        }
    }

    /** NOTIFY of the implicit refer subscription (RFC 3515 section 2.4.4) with a message/sipfrag status line. */
    private void notifyProgress(@Nullable Leg transferor, String statusLine, boolean last) {
        if (transferor == null) {
            return;
        }
        try {
            Request notify = signalling.request(transferor, Request.NOTIFY);
            HeaderFactory headers = signalling.sip().headerFactory();
            notify.setHeader(headers.createEventHeader("refer"));
            SubscriptionStateHeader state = headers.createSubscriptionStateHeader(
                    last ? SubscriptionStateHeader.TERMINATED : SubscriptionStateHeader.ACTIVE);
            if (last) {
                state.setReasonCode("noresource");
            } else {
                state.setExpires(60);
            }
            notify.setHeader(state);
            ContentTypeHeader sipfrag = headers.createContentTypeHeader("message", "sipfrag");
            sipfrag.setParameter("version", "2.0");
            notify.setContent("SIP/2.0 " + statusLine + "\r\n", sipfrag);
            signalling.send(notify, event -> {
            });
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("NOTIFY to the transferor not sent: {}", e.getMessage());
        }
    }
}
