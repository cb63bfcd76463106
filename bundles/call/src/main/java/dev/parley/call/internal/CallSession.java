package dev.parley.call.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallState;
import dev.parley.api.call.DivertedSession;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.store.StoredCall;

/**
 * One call of the B2BUA: the caller's leg, the callee's leg once answered, and while it is being set up the
 * caller's INVITE and the branches forked to the callee's contacts. Every field is guarded by the session's own
 * lock ({@code synchronized (session)}); SIP messages are sent under it (sending never blocks on the network).
 */
public final class CallSession {

    /** A party of the call, named after the leg Parley has with it. */
    public enum Side {
        CALLER, CALLEE;

        public Side other() {
            return this == CALLER ? CALLEE : CALLER;
        }
    }

    private final String id;
    private final SipAddress caller;
    private SipAddress callee;
    private final Instant started;
    private final Leg callerLeg;
    private @Nullable Leg calleeLeg;
    private CallState state;
    private @Nullable Instant answered;
    private @Nullable Instant ended;
    private @Nullable EndReason endReason;

    // set-up only: how the caller is answered, the forking state and the no-answer timer
    private @Nullable CallerSide callerSide;
    private final List<Branch> branches = new ArrayList<>();
    private final Deque<List<Binding>> nextGroups = new ArrayDeque<>();
    private final List<Integer> failures = new ArrayList<>();
    private @Nullable ScheduledFuture<?> noAnswerTimer;
    /** 3xx redirections and forwards followed so far, against a loop. */
    private int redirections;
    private final SessionTimer sessionTimer = new SessionTimer();

    private @Nullable String inviteBranch;
    private @Nullable DivertedSession diverted;
    /** CSeq of a 2xx to INVITE Parley received on a leg and ACKs only with the other party's ACK (delayed offer). */
    private final EnumMap<Side, Long> owedAcks = new EnumMap<>(Side.class);
    /** A re-INVITE or UPDATE being relayed: a second one meanwhile gets 491 (RFC 3261 section 14.2). */
    private boolean offerPending;
    /** The conference this call was joined into ({@code ConferenceBridge}): its media ends on Parley. */
    private @Nullable String conference;

    public CallSession(String id, SipAddress caller, SipAddress callee, Instant started, Leg callerLeg,
            CallState state) {
        this.id = id;
        this.caller = caller;
        this.callee = callee;
        this.started = started;
        this.callerLeg = callerLeg;
        this.state = state;
    }

    /** An answered call as the store kept it. */
    public static CallSession fromStored(StoredCall stored) {
        CallSession session = new CallSession(stored.id(), stored.caller(), stored.callee(), stored.started(),
                Leg.fromStored(stored.callerLeg()), CallState.valueOf(stored.state()));
        session.calleeLeg = Leg.fromStored(stored.calleeLeg());
        session.answered = stored.answered();
        return session;
    }

    /** The answered call for the store; only for a call with both legs confirmed. */
    public StoredCall toStored() {
        Leg callee = calleeLeg;
        Instant answer = answered;
        if (callee == null || answer == null) {
            throw new IllegalStateException("call " + id + " is not answered");
        }
        return new StoredCall(id, caller, this.callee, state.name(), started, answer, callerLeg.toStored(),
                callee.toStored());
    }

    public Call toCall() {
        return new Call(id, caller, callee, state, started, answered, ended, endReason);
    }

    public @Nullable Leg leg(Side side) {
        return side == Side.CALLER ? callerLeg : calleeLeg;
    }

    /** Which party's leg {@code leg} is. */
    public Side sideOf(Leg leg) {
        return leg == callerLeg ? Side.CALLER : Side.CALLEE;
    }

    public void answer(Leg confirmedCalleeLeg, Instant at) {
        this.calleeLeg = confirmedCalleeLeg;
        this.answered = at;
        this.state = CallState.ESTABLISHED;
    }

    /** Marks the call ended; false if it already was. */
    public boolean end(EndReason reason, Instant at) {
        if (state == CallState.ENDED) {
            return false;
        }
        state = CallState.ENDED;
        endReason = reason;
        ended = at;
        ScheduledFuture<?> timer = noAnswerTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        sessionTimer.cancel();
        return true;
    }

    public boolean isAnswered() {
        return answered != null;
    }

    public boolean isEnded() {
        return state == CallState.ENDED;
    }

    public String id() {
        return id;
    }

    public SipAddress caller() {
        return caller;
    }

    public SipAddress callee() {
        return callee;
    }

    public SipAddress party(Side side) {
        return side == Side.CALLER ? caller : callee;
    }

    public Instant started() {
        return started;
    }

    public @Nullable Instant answered() {
        return answered;
    }

    public @Nullable Instant ended() {
        return ended;
    }

    public @Nullable EndReason endReason() {
        return endReason;
    }

    public CallState state() {
        return state;
    }

    public void setState(CallState state) {
        this.state = state;
    }

    public Leg callerLeg() {
        return callerLeg;
    }

    public @Nullable Leg calleeLeg() {
        return calleeLeg;
    }

    /** How the caller is answered while the call is set up; {@code null} once it was. */
    public @Nullable CallerSide callerSide() {
        return callerSide;
    }

    public void setCallerSide(CallerSide side) {
        this.callerSide = side;
    }

    /** Forgets the set-up state once the caller got its final answer. */
    public void clearSetup() {
        callerSide = null;
        branches.clear();
        nextGroups.clear();
        failures.clear();
    }

    public List<Branch> branches() {
        return branches;
    }

    public Deque<List<Binding>> nextGroups() {
        return nextGroups;
    }

    public List<Integer> failures() {
        return failures;
    }

    /** Replaces the no-answer timer; the previous one (a call forwarded while ringing) is cancelled. */
    public void setNoAnswerTimer(ScheduledFuture<?> timer) {
        ScheduledFuture<?> previous = noAnswerTimer;
        if (previous != null) {
            previous.cancel(false);
        }
        this.noAnswerTimer = timer;
    }

    /** The call goes to {@code target} instead (a redirection or a forward while ringing); counts redirections. */
    public int retarget(SipAddress target) {
        this.callee = target;
        return ++redirections;
    }

    public SessionTimer sessionTimer() {
        return sessionTimer;
    }

    /** The top Via branch of the caller's INVITE, which its CANCEL repeats; {@code null} for originated calls. */
    public @Nullable String inviteBranch() {
        return inviteBranch;
    }

    public void setInviteBranch(String branch) {
        this.inviteBranch = branch;
    }

    public @Nullable DivertedSession diverted() {
        return diverted;
    }

    public void divertTo(DivertedSession session, Instant at) {
        this.diverted = session;
        this.answered = at;
        this.state = CallState.ESTABLISHED;
    }

    /** Parley owes the leg of {@code side} the ACK of its 2xx to the INVITE with CSeq {@code cseq}. */
    public void oweAck(Side side, long cseq) {
        owedAcks.put(side, cseq);
    }

    /** The owed ACK's CSeq for {@code side}, removed; {@code null} when none is owed. */
    public @Nullable Long takeOwedAck(Side side) {
        return owedAcks.remove(side);
    }

    public boolean offerPending() {
        return offerPending;
    }

    public void setOfferPending(boolean pending) {
        this.offerPending = pending;
    }

    /** The conference the call's media is mixed in, or {@code null} while SDP passes between the parties. */
    public @Nullable String conference() {
        return conference;
    }

    public void setConference(@Nullable String conference) {
        this.conference = conference;
    }
}
