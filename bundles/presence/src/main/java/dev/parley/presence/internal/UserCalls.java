package dev.parley.presence.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One user's established calls, and when the earliest of them was answered (what the on-the-phone activity shows).
 * Adding or removing a call costs O(log n), so a user in thousands of calls (a call centre's number, the call
 * benchmark's callee) does not make every call event copy or scan all of them. Not thread-safe: {@link PresenceView}
 * changes it inside {@code ConcurrentHashMap.compute}; {@link #earliest()} may be read from any thread.
 */
final class UserCalls {
    private final Map<String, Instant> answeredByCall = new HashMap<>();
    /** How many calls were answered at each instant. */
    private final TreeMap<Instant, Integer> answeredTimes = new TreeMap<>();
    private volatile @Nullable Instant earliest;

    /** Adds a call; false if it was known already. */
    boolean add(String callId, Instant answered) {
        if (answeredByCall.putIfAbsent(callId, answered) != null) {
            return false;
        }
        answeredTimes.merge(answered, 1, Integer::sum);
        earliest = answeredTimes.firstKey();
        return true;
    }

    /** Removes a call; false if it was not known. */
    boolean remove(String callId) {
        Instant answered = answeredByCall.remove(callId);
        if (answered == null) {
            return false;
        }
        answeredTimes.computeIfPresent(answered, (time, count) -> count == 1 ? null : count - 1);
        earliest = answeredTimes.isEmpty() ? null : answeredTimes.firstKey();
        return true;
    }

    boolean isEmpty() {
        return answeredByCall.isEmpty();
    }

    boolean sameCalls(Map<String, Instant> calls) {
        return answeredByCall.keySet().equals(calls.keySet());
    }

    /** When the earliest call was answered; null without calls. */
    @Nullable
    Instant earliest() {
        return earliest;
    }
}
