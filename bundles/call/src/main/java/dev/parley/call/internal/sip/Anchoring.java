package dev.parley.call.internal.sip;

import java.text.ParseException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.media.MediaSession;
import dev.parley.call.internal.CallRegistry;
import dev.parley.call.internal.CallSession;
import dev.parley.call.internal.Leg;
import dev.parley.sip.spi.SipResponseListener;

/**
 * Moves one party's media onto Parley: a re-INVITE without an offer (delayed offer, RFC 3261 section 14.1), the
 * party's 2xx carries its offer, a media session answers it and the ACK carries that answer.
 */
public final class Anchoring {
    private static final Logger LOG = LoggerFactory.getLogger(Anchoring.class);

    private final Signalling signalling;
    private final CallRegistry registry;

    public Anchoring(Signalling signalling, CallRegistry registry) {
        this.signalling = signalling;
        this.registry = registry;
    }

    /**
     * Re-INVITEs the party of {@code leg} (call it under the session's lock); the result completes with the media
     * session that answered the party's offer, or fails with a {@link ParleyException} naming why.
     */
    public CompletableFuture<MediaSession> anchor(CallSession session, Leg leg,
            Function<String, MediaSession> openMedia) {
        CompletableFuture<MediaSession> result = new CompletableFuture<>();
        try {
            Request reinvite = signalling.request(leg, Request.INVITE);
            signalling.send(reinvite, new AnswerListener(session, leg, openMedia, result));
            registry.persist(session);
        } catch (ParseException | SipException e) {
            result.completeExceptionally(
                    new ParleyException(ParleyError.INTERNAL, "re-INVITE not sent: " + e.getMessage(), e));
        }
        return result;
    }

    /** The SIP status of a refused re-INVITE as the error {@code join} reports. */
    static ParleyError refusal(int status) {
        return switch (status) {
            case Response.NOT_ACCEPTABLE_HERE, Response.SESSION_NOT_ACCEPTABLE -> ParleyError.NOT_ACCEPTABLE_HERE;
            case Response.REQUEST_PENDING -> ParleyError.INVALID_STATE;
            case Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST -> ParleyError.NO_SUCH_CALL;
            case Response.REQUEST_TIMEOUT -> ParleyError.REQUEST_TIMEOUT;
            default -> ParleyError.DECLINED;
        };
    }

    private final class AnswerListener implements SipResponseListener {
        private final CallSession session;
        private final Leg leg;
        private final Function<String, MediaSession> openMedia;
        private final CompletableFuture<MediaSession> result;

        AnswerListener(CallSession session, Leg leg, Function<String, MediaSession> openMedia,
                CompletableFuture<MediaSession> result) {
            this.session = session;
            this.leg = leg;
            this.openMedia = openMedia;
            this.result = result;
        }

        @Override
        public void processResponse(ResponseEvent event) throws ParseException, SipException,
                InvalidArgumentException {
            Response response = event.getResponse();
            int status = response.getStatusCode();
            if (status < 200) {
                return;
            }
            if (status >= 300) {
                result.completeExceptionally(new ParleyException(refusal(status),
                        "call " + session.id() + ": the re-INVITE got " + status + " " + response.getReasonPhrase()));
                return;
            }
            synchronized (session) {
                leg.setRemoteTarget(Signalling.contactUri(response, leg.dialog().remoteTarget()));
                Request ack = signalling.sip().createRequest(leg.dialog(), Request.ACK, CallSetup.cseq(response));
                String offer = Signalling.body(response);
                MediaSession media = null;
                ParleyException failure = null;
                try {
                    if (offer == null) {
                        throw new ParleyException(ParleyError.NOT_ACCEPTABLE_HERE, "no offer in the 2xx");
                    }
                    media = openMedia.apply(offer);
                    signalling.setBody(ack, "application", "sdp", media.sdpAnswer());
                    leg.setLocalSdp(media.sdpAnswer());
                } catch (ParleyException e) {
                    failure = new ParleyException(e.error(), "call " + session.id() + ": " + e.getMessage(), e);
                }
                // a 2xx is always ACKed; without an answer the join fails and both calls are hung up
                signalling.sip().provider().sendRequest(ack);
                registry.persist(session);
                if (failure != null) {
                    LOG.info("Media of call {} not anchored: {}", session.id(), failure.getMessage());
                    result.completeExceptionally(failure);
                } else {
                    result.complete(media);
                }
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            result.completeExceptionally(new ParleyException(ParleyError.REQUEST_TIMEOUT,
                    "call " + session.id() + ": no answer to the re-INVITE"));
        }
    }
}
