package dev.parley.events.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.common.SipAddress;

/**
 * The calls of each user as RFC 4235 dialogs, learnt from the {@code parley/call/*} events and kept in memory only;
 * {@link #reconcile} sets them from the calls the call service holds (it persists them), so a restart of this
 * bundle, or an event missed meanwhile, is corrected when the call service is bound. A terminated dialog is kept
 * until the user's next call event, so the NOTIFY reporting the end can still show it.
 */
final class CallDialogs {

    /** One call of one user as a dialog of RFC 4235. */
    record UserDialog(String callId, boolean initiator, SipAddress remote, String state) {
    }

    static final String TERMINATED = "terminated";

    private static final Map<String, String> STATE_BY_TOPIC = Map.of(CallService.TOPIC_CREATED, "trying",
            CallService.TOPIC_RINGING, "early", CallService.TOPIC_ANSWERED, "confirmed", CallService.TOPIC_HELD,
            "confirmed", CallService.TOPIC_RESUMED, "confirmed", CallService.TOPIC_TRANSFERRED, "confirmed",
            CallService.TOPIC_ENDED, TERMINATED);

    /** A user's dialogs in the order their calls began, and which of them ended (kept until the next event). */
    private static final class Dialogs {
        final Map<String, UserDialog> byCall = new LinkedHashMap<>();
        final List<String> ended = new ArrayList<>();
    }

    private final Map<SipAddress, Dialogs> byUser = new HashMap<>();

    /**
     * Applies one call event to its caller's and callee's dialogs; returns the users whose dialogs changed (empty
     * for a topic that says nothing about dialog state).
     */
    synchronized Set<SipAddress> apply(String topic, String callId, @Nullable SipAddress caller,
            @Nullable SipAddress callee) {
        String state = STATE_BY_TOPIC.get(topic);
        if (state == null || caller == null || callee == null) {
            return Set.of();
        }
        return put(callId, state, caller, callee);
    }

    private Set<SipAddress> put(String callId, String state, SipAddress caller, SipAddress callee) {
        update(caller, new UserDialog(callId, true, callee, state));
        update(callee, new UserDialog(callId, false, caller, state));
        return Set.of(caller, callee);
    }

    /**
     * The calls in progress are exactly {@code active}: dialogs of calls that are not among them end, the others
     * take the calls' states (a dialog that already ended stays ended: its call's end may be newer than the list).
     * Returns the users whose dialogs changed.
     */
    synchronized Set<SipAddress> reconcile(List<Call> active) {
        Set<SipAddress> changed = new HashSet<>();
        Map<String, Call> byId = new HashMap<>();
        active.forEach(call -> byId.put(call.id(), call));
        byUser.forEach((user, dialogs) -> dialogs.byCall.replaceAll((callId, dialog) -> {
            if (byId.containsKey(callId) || TERMINATED.equals(dialog.state())) {
                return dialog;
            }
            changed.add(user);
            dialogs.ended.add(callId);
            return new UserDialog(callId, dialog.initiator(), dialog.remote(), TERMINATED);
        }));
        for (Call call : active) {
            String state = state(call.state());
            Dialogs callersDialogs = byUser.get(call.caller());
            UserDialog known = callersDialogs == null ? null : callersDialogs.byCall.get(call.id());
            if (known == null || !known.state().equals(state) && !TERMINATED.equals(known.state())) {
                changed.addAll(put(call.id(), state, call.caller(), call.callee()));
            }
        }
        return changed;
    }

    private static String state(CallState state) {
        return switch (state) {
            case INITIATING -> "trying";
            case RINGING, EARLY_MEDIA -> "early";
            case ESTABLISHED, HELD -> "confirmed";
            case ENDED -> TERMINATED;
        };
    }

    /** Puts {@code dialog} and drops the user's other ended dialogs: O(ended), not O(all dialogs of the user). */
    private void update(SipAddress user, UserDialog dialog) {
        Dialogs dialogs = byUser.computeIfAbsent(user, u -> new Dialogs());
        for (String callId : dialogs.ended) {
            if (!callId.equals(dialog.callId())) {
                dialogs.byCall.remove(callId);
            }
        }
        dialogs.ended.clear();
        dialogs.byCall.put(dialog.callId(), dialog);
        if (TERMINATED.equals(dialog.state())) {
            dialogs.ended.add(dialog.callId());
        }
    }

    /** The user's dialogs, in the order their calls began. */
    synchronized List<UserDialog> of(SipAddress user) {
        Dialogs dialogs = byUser.get(user);
        return dialogs == null ? List.of() : List.copyOf(dialogs.byCall.values());
    }
}
