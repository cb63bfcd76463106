package dev.parley.call.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.call.JoinedCalls;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.media.Conference;
import dev.parley.api.media.MediaEngine;
import dev.parley.api.media.MediaSession;
import dev.parley.call.internal.CallSession.Side;
import dev.parley.call.internal.sip.Anchoring;
import dev.parley.call.internal.sip.Signalling;
import dev.parley.sip.spi.SipCore;

/**
 * Three-party conferences ({@link CallService#join}): every party of two calls that share one user is anchored on
 * a media session of its own, and the sessions are mixed. The common party has a session in each call; the one of
 * the first call is mixed, the other is parked (answered, not mixed, so the party does not hear itself) until the
 * first call ends. A call that ends leaves the mix; the last one closes it. The conference lives in memory only:
 * when this component stops or the media engine goes away, the joined calls are hung up, since their media ends
 * here.
 */
@Component(service = { ConferenceBridge.class, EventHandler.class },
        property = EventConstants.EVENT_TOPIC + "=" + CallService.TOPIC_ENDED)
public final class ConferenceBridge implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConferenceBridge.class);
    /** Beyond the 32 s after which the re-INVITE's own transaction times out. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(35);

    private final CallEngine engine;
    private final Anchoring anchoring;
    /** Optional and dynamic: the call feature runs without parley-media, and then joining is refused. */
    private volatile @Nullable MediaEngine media;
    private final ConcurrentMap<String, JoinedConference> byCall = new ConcurrentHashMap<>();

    @Activate
    public ConferenceBridge(@Reference CallEngine engine, @Reference SipCore sip) {
        this.engine = engine;
        this.anchoring = new Anchoring(new Signalling(sip), engine.registry());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMedia")
    void bindMedia(MediaEngine engine) {
        this.media = engine;
    }

    void unbindMedia(MediaEngine engine) {
        if (this.media == engine) {
            this.media = null;
            hangUpAll("the media engine went away");
        }
    }

    @Deactivate
    void deactivate() {
        hangUpAll("the call service stops");
    }

    /** See {@link CallService#join}. */
    public JoinedCalls join(String callIdA, String callIdB) {
        MediaEngine mediaEngine = media;
        if (mediaEngine == null) {
            throw new ParleyException(ParleyError.SERVICE_UNAVAILABLE,
                    "no media engine to mix calls: install feature parley-media");
        }
        if (callIdA.equals(callIdB)) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "a call cannot be joined with itself");
        }
        CallSession first = call(callIdA);
        CallSession second = call(callIdB);
        SipAddress common = commonParty(first, second);
        String id = UUID.randomUUID().toString();
        Map<String, EnumMap<Side, CompletableFuture<MediaSession>>> anchored = new LinkedHashMap<>();
        // both calls locked in one order, so that two joins of the same calls cannot deadlock
        CallSession lockedFirst = callIdA.compareTo(callIdB) < 0 ? first : second;
        CallSession lockedSecond = lockedFirst == first ? second : first;
        synchronized (lockedFirst) {
            synchronized (lockedSecond) {
                checkJoinable(first);
                checkJoinable(second);
                for (CallSession session : List.of(first, second)) {
                    session.setConference(id);
                    session.setOfferPending(true);
                    EnumMap<Side, CompletableFuture<MediaSession>> legs = new EnumMap<>(Side.class);
                    for (Side side : Side.values()) {
                        legs.put(side, anchoring.anchor(session, session.leg(side), mediaEngine::open));
                    }
                    anchored.put(session.id(), legs);
                }
            }
        }
        LOG.info("Joining calls {} and {} of {} into conference {}", callIdA, callIdB, common, id);
        ParleyException failure = awaitAnswers(anchored);
        if (failure != null) {
            abandon(anchored, List.of(first, second));
            throw failure;
        }
        JoinedConference joined = new JoinedConference(id, common, mediaEngine.createConference(), callIdA);
        for (CallSession session : List.of(first, second)) {
            Map<Side, MediaSession> sessions = new EnumMap<>(Side.class);
            anchored.get(session.id()).forEach((side, future) -> sessions.put(side, future.join()));
            joined.add(session.id(), session.party(Side.CALLER).equals(common) ? Side.CALLER : Side.CALLEE, sessions);
            byCall.put(session.id(), joined);
        }
        for (CallSession session : List.of(first, second)) {
            synchronized (session) {
                session.setOfferPending(false);
                if (!session.isEnded()) {
                    session.setState(CallState.ESTABLISHED);
                    engine.registry().persist(session);
                    engine.registry().events().post(CallService.TOPIC_JOINED, session,
                            Map.of(CallService.PROPERTY_CONFERENCE, id, CallService.PROPERTY_PARTY, common.uri()));
                }
            }
            // a call that ended while its parties were re-INVITEd found no conference when its ENDED was handled
            if (engine.registry().find(session.id()).isEmpty()) {
                callEnded(session.id());
            }
        }
        return new JoinedCalls(id, common, List.of(callIdA, callIdB));
    }

    /** ENDED of a call: its sessions leave the mix. */
    @Override
    public void handleEvent(Event event) {
        if (event.getProperty(CallService.PROPERTY_CALL_ID) instanceof String callId) {
            callEnded(callId);
        }
    }

    /** The joined calls, for tests and diagnostics: call id to conference id. */
    Map<String, String> joinedCalls() {
        Map<String, String> calls = new LinkedHashMap<>();
        byCall.forEach((call, joined) -> calls.put(call, joined.id));
        return calls;
    }

    void callEnded(String callId) {
        JoinedConference joined = byCall.remove(callId);
        if (joined != null && joined.remove(callId)) {
            LOG.info("Conference {} is over", joined.id);
        }
    }

    private void hangUpAll(String why) {
        List<String> calls = new ArrayList<>(byCall.keySet());
        if (!calls.isEmpty()) {
            LOG.info("Hanging up the joined calls {}: {}", calls, why);
        }
        for (String callId : calls) {
            try {
                engine.control().hangUp(callId);
            } catch (ParleyException e) {
                LOG.debug("Joined call {} ended meanwhile", callId);
            }
            callEnded(callId);
        }
    }

    private CallSession call(String callId) {
        return engine.registry().find(callId)
                .orElseThrow(() -> new ParleyException(ParleyError.NO_SUCH_CALL, "no active call " + callId));
    }

    /** The one user both calls have: the caller or callee of each. */
    static SipAddress commonParty(CallSession first, CallSession second) {
        List<SipAddress> common = new ArrayList<>();
        for (SipAddress party : List.of(first.caller(), first.callee())) {
            if ((party.equals(second.caller()) || party.equals(second.callee())) && !common.contains(party)) {
                common.add(party);
            }
        }
        if (common.size() != 1) {
            throw new ParleyException(ParleyError.INVALID_STATE, "calls " + first.id() + " and " + second.id()
                    + " have " + (common.isEmpty() ? "no" : "two") + " parties in common, not one");
        }
        return common.get(0);
    }

    private static void checkJoinable(CallSession session) {
        String problem = session.isEnded() ? "ended"
                : session.state() != CallState.ESTABLISHED && session.state() != CallState.HELD ? session.state().name()
                : session.diverted() != null ? "diverted"
                : session.conference() != null ? "already joined"
                : session.offerPending() ? "renegotiating its media (an offer is pending)"
                : session.calleeLeg() == null ? "not answered" : null;
        if (problem != null) {
            throw new ParleyException(ParleyError.INVALID_STATE, "call " + session.id() + " is " + problem);
        }
    }

    private static @Nullable ParleyException awaitAnswers(
            Map<String, EnumMap<Side, CompletableFuture<MediaSession>>> anchored) {
        List<CompletableFuture<MediaSession>> all = anchored.values().stream()
                .flatMap(legs -> legs.values().stream()).toList();
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof ParleyException parley ? parley
                    : new ParleyException(ParleyError.INTERNAL, "join failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            return new ParleyException(ParleyError.REQUEST_TIMEOUT, "a party did not answer the re-INVITE");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ParleyException(ParleyError.INTERNAL, "interrupted while joining");
        }
    }

    /** A party refused: the sessions opened are closed and both calls hung up, their media pointing nowhere. */
    private void abandon(Map<String, EnumMap<Side, CompletableFuture<MediaSession>>> anchored,
            List<CallSession> sessions) {
        anchored.values().forEach(legs -> legs.values().forEach(future -> future.thenAccept(MediaSession::close)));
        for (CallSession session : sessions) {
            synchronized (session) {
                session.setOfferPending(false);
                session.setConference(null);
            }
            try {
                engine.control().hangUp(session.id());
            } catch (ParleyException e) {
                LOG.debug("Call {} ended meanwhile", session.id());
            }
        }
    }

    /** One conference: per joined call, the media session of each side; the mix; where the common party speaks. */
    private static final class JoinedConference {
        private final String id;
        private final SipAddress common;
        private final Conference mix;
        private final Map<String, Map<Side, MediaSession>> sessions = new LinkedHashMap<>();
        private final Map<String, Side> commonSides = new LinkedHashMap<>();
        /** The call whose session of the common party is in the mix. */
        private String commonInMix;

        JoinedConference(String id, SipAddress common, Conference mix, String commonInMix) {
            this.id = id;
            this.common = common;
            this.mix = mix;
            this.commonInMix = commonInMix;
        }

        synchronized void add(String callId, Side commonSide, Map<Side, MediaSession> callSessions) {
            sessions.put(callId, callSessions);
            commonSides.put(callId, commonSide);
            callSessions.forEach((side, session) -> {
                if (side != commonSide || callId.equals(commonInMix)) {
                    mix.add(session);
                }
            });
        }

        /** Closes the sessions of an ended call; true when no call is left and the mix was closed. */
        synchronized boolean remove(String callId) {
            Map<Side, MediaSession> gone = sessions.remove(callId);
            if (gone == null) {
                return false;
            }
            gone.values().forEach(MediaSession::close);
            if (sessions.isEmpty()) {
                mix.close();
                return true;
            }
            if (callId.equals(commonInMix)) {
                // the common party goes on speaking through its parked session in the remaining call
                String remaining = sessions.keySet().iterator().next();
                commonInMix = remaining;
                mix.add(sessions.get(remaining).get(commonSides.get(remaining)));
                LOG.debug("Conference {}: {} now speaks in call {}", id, common, remaining);
            }
            return false;
        }
    }
}
