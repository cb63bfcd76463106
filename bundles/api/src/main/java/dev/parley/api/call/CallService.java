package dev.parley.api.call;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;

/**
 * Control of the calls Parley connects. Every operation fails with a {@link dev.parley.api.common.ParleyException}:
 * {@code NO_SUCH_CALL} for an unknown or ended call, {@code INVALID_ARGUMENT} for a party that is not in the call,
 * {@code INVALID_STATE} when the call is not in a state that allows the operation.
 */
@ProviderType
public interface CallService {

    /** Posted when a call is created; properties {@link #PROPERTY_CALL_ID}, caller, callee, state, timestamp. */
    String TOPIC_CREATED = "parley/call/CREATED";
    /** A contact of the callee rings (or sends early media). */
    String TOPIC_RINGING = "parley/call/RINGING";
    /** The callee answered. */
    String TOPIC_ANSWERED = "parley/call/ANSWERED";
    /** One party put the other on hold; property {@link #PROPERTY_PARTY} names the holder. */
    String TOPIC_HELD = "parley/call/HELD";
    /** The holder took the call off hold. */
    String TOPIC_RESUMED = "parley/call/RESUMED";
    /** A party was transferred; {@link #PROPERTY_PARTY} is the transferor, {@link #PROPERTY_TARGET} the target. */
    String TOPIC_TRANSFERRED = "parley/call/TRANSFERRED";
    /**
     * The call ended; property {@link #PROPERTY_REASON} holds the {@link EndReason} name, and the event carries the
     * call's times (started, answered if it was, ended): the call history is written from it.
     */
    String TOPIC_ENDED = "parley/call/ENDED";
    /**
     * The call was joined with another one into a conference ({@link #join}); posted for each of the two calls,
     * property {@link #PROPERTY_CONFERENCE} names the conference, {@link #PROPERTY_PARTY} the common party.
     */
    String TOPIC_JOINED = "parley/call/JOINED";

    String PROPERTY_CALL_ID = "callId";
    /** {@code sip:user@domain} of the caller. */
    String PROPERTY_CALLER = "caller";
    /** {@code sip:user@domain} of the callee. */
    String PROPERTY_CALLEE = "callee";
    /** The {@link CallState} name. */
    String PROPERTY_STATE = "state";
    String PROPERTY_REASON = "reason";
    String PROPERTY_PARTY = "party";
    String PROPERTY_TARGET = "target";
    /** Epoch milliseconds the call started; on every call event. */
    String PROPERTY_STARTED = "started";
    /** Epoch milliseconds the call was answered; on events after the answer. */
    String PROPERTY_ANSWERED = "answered";
    /** Epoch milliseconds the call ended; on {@link #TOPIC_ENDED}. */
    String PROPERTY_ENDED = "ended";
    /** The {@link JoinedCalls#id()} of the conference a call was joined into; on {@link #TOPIC_JOINED}. */
    String PROPERTY_CONFERENCE = "conference";

    /** Calls not ended yet, oldest first. */
    List<Call> activeCalls();

    /** Active calls in which {@code user} is the caller or the callee. */
    List<Call> activeCalls(SipAddress user);

    /** An active call. */
    Optional<Call> find(String callId);

    /** Ends a call: CANCEL or BYE towards both parties as their dialogs need. */
    void hangUp(String callId);

    /** {@code holder} puts the other party on hold (a re-INVITE with a sendonly offer towards it). */
    void hold(String callId, SipAddress holder);

    /** {@code holder} takes the other party off hold. */
    void resume(String callId, SipAddress holder);

    /** Sends DTMF digits ({@code 0-9 * # A-D}) to {@code recipient} as SIP INFO (application/dtmf-relay). */
    void sendDtmf(String callId, SipAddress recipient, String digits);

    /**
     * Blind transfer: {@code transferor} leaves the call and the other party is connected to {@code target}
     * instead.
     */
    void transfer(String callId, SipAddress transferor, SipAddress target);

    /**
     * Deflects a call that is still ringing: the callee's branches are cancelled and the call goes to {@code target}
     * instead (a local user, called like the original callee; the call's callee becomes {@code target}). Fails with
     * {@code INVALID_STATE} once the call was answered, {@code NOT_FOUND} for a target without an account (which
     * includes any address outside the local domains).
     */
    void forward(String callId, SipAddress target);

    /**
     * Click-to-call (RFC 3725, flow I): calls {@code from}'s devices and, when one answers, calls {@code to} and
     * bridges the two. Returns the new call, in state {@link CallState#INITIATING}.
     */
    Call originate(SipAddress from, SipAddress to);

    /**
     * Joins two established (or held) calls of one user into a three-party conference: the user present in both
     * (the common party) and the two other parties all hear each other. Parley re-INVITEs every party without an
     * offer, answers each party's offer from its own media engine and mixes the three. Returns once every party
     * answered. To leave, a party hangs up its call ({@link #hangUp} or BYE): the other two stay connected through
     * the mixer; when the common party hangs up both calls, the conference is over.
     *
     * @throws dev.parley.api.common.ParleyException {@code NO_SUCH_CALL} for an unknown or ended call,
     *         {@code INVALID_ARGUMENT} for the same call twice, {@code INVALID_STATE} for a call that is not answered
     *         (or diverted, already joined, with an offer pending) or calls without exactly one common party,
     *         {@code SERVICE_UNAVAILABLE} when no media engine is installed (feature {@code parley-media}),
     *         {@code REQUEST_TIMEOUT} or {@code NOT_ACCEPTABLE_HERE} when a party does not take the re-INVITE (both
     *         calls are then hung up: their media would point at parties that moved)
     */
    JoinedCalls join(String callIdA, String callIdB);
}
