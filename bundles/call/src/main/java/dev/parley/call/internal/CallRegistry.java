package dev.parley.call.internal;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.CallService;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.SipAddress;
import dev.parley.store.CallStore;
import dev.parley.store.StoreException;
import dev.parley.store.StoredCall;

/**
 * The calls in progress, found by Parley's id, by dialog (Call-ID and Parley's tag, either leg) and by the top Via
 * branch of the caller's INVITE (which its CANCEL repeats). Answered calls are written through to the
 * {@link CallStore}: that copy, not this index, is what survives a restart of the bundle.
 */
public final class CallRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(CallRegistry.class);

    private final CallStore store;
    private final CallEvents events;
    private final Clock clock;
    private final ConcurrentMap<String, CallSession> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CallSession> byDialog = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CallSession> byInviteBranch = new ConcurrentHashMap<>();
    /** Active calls per caller, for the per-user limit without scanning every call. */
    private final ConcurrentMap<SipAddress, Integer> placed = new ConcurrentHashMap<>();

    public CallRegistry(CallStore store, CallEvents events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** Rebuilds the index from the answered calls the store kept; returns how many. */
    public int load() {
        List<StoredCall> stored = store.all();
        for (StoredCall call : stored) {
            CallSession session = CallSession.fromStored(call);
            byId.put(session.id(), session);
            placed.merge(session.caller(), 1, Integer::sum);
            index(session, session.callerLeg());
            Leg callee = session.calleeLeg();
            if (callee != null) {
                index(session, callee);
            }
        }
        return stored.size();
    }

    /**
     * A new call, indexed by its caller's dialog and the branch of the caller's INVITE (none for a call Parley
     * originated); posts CREATED.
     */
    public void add(CallSession session, @Nullable String inviteBranch) {
        byId.put(session.id(), session);
        placed.merge(session.caller(), 1, Integer::sum);
        index(session, session.callerLeg());
        if (inviteBranch != null) {
            byInviteBranch.put(inviteBranch, session);
            session.setInviteBranch(inviteBranch);
        }
        events.post(CallService.TOPIC_CREATED, session, Map.of());
    }

    /** Makes the dialog of {@code leg} findable (a branch or the answered callee leg). */
    public void index(CallSession session, Leg leg) {
        byDialog.put(leg.key(), session);
    }

    /**
     * Writes the answered call to the store (call it under the session's lock after every change of a leg or of the
     * state). A diverted call is not stored: its other end lives in the diversion service, not in a dialog.
     */
    public void persist(CallSession session) {
        if (!session.isAnswered() || session.isEnded() || session.diverted() != null) {
            return;
        }
        try {
            store.save(session.toStored());
        } catch (StoreException e) {
            // the call goes on; only its survival of a restart is at risk
            LOG.error("Call {} not saved: {}", session.id(), e.getMessage());
        }
    }

    /** Ends the call (under its lock): forgets it, deletes it from the store and posts ENDED. No-op if ended. */
    public void end(CallSession session, EndReason reason) {
        if (!session.end(reason, clock.instant())) {
            return;
        }
        byId.remove(session.id());
        placed.computeIfPresent(session.caller(), (caller, count) -> count > 1 ? count - 1 : null);
        for (CallSession.Side side : CallSession.Side.values()) {
            Leg leg = session.leg(side);
            if (leg != null) {
                byDialog.remove(leg.key(), session); // only if it is still this call's (a transfer hands legs on)
            }
        }
        String branch = session.inviteBranch();
        if (branch != null) {
            byInviteBranch.remove(branch, session);
        }
        if (session.answered() != null && session.diverted() == null) {
            try {
                store.delete(session.id());
            } catch (StoreException e) {
                LOG.error("Ended call {} not deleted from the store: {}", session.id(), e.getMessage());
            }
        }
        LOG.debug("Call {} ended: {}", session.id(), reason);
        events.post(CallService.TOPIC_ENDED, session, Map.of());
    }

    public Optional<CallSession> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public @Nullable CallSession byDialog(String sipCallId, String localTag) {
        return byDialog.get(Leg.key(sipCallId, localTag));
    }

    public @Nullable CallSession byInviteBranch(String branch) {
        return byInviteBranch.get(branch);
    }

    /** Calls not ended, oldest first. */
    public List<CallSession> active() {
        return byId.values().stream().sorted(Comparator.comparing(CallSession::started).thenComparing(CallSession::id))
                .toList();
    }

    /** Active calls {@code user} placed. */
    public int activeCallsPlacedBy(SipAddress user) {
        return placed.getOrDefault(user, 0);
    }

    public CallEvents events() {
        return events;
    }

    public Clock clock() {
        return clock;
    }
}
