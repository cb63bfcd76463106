package dev.parley.messaging.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.store.StoredMessage;

/**
 * The pending messages of one recipient that registered again, handed out a window at a time: a phone that comes
 * back to hundreds of stored messages gets a few MESSAGEs at once, the next as each one is answered, instead of
 * all of them in one burst. Also keeps one pump running at a time per recipient, so that attempts that end at once
 * (a send that fails on the spot) loop instead of recursing.
 */
final class Backlog {

    private final Deque<StoredMessage> queue = new ArrayDeque<>();
    /** Queued or started and not yet done: a second registration does not queue them twice. */
    private final Set<String> known = new HashSet<>();
    private int running;
    private boolean pumping;
    private boolean again;

    /** Queues the messages not queued or running already; returns how many were new. */
    synchronized int add(List<StoredMessage> messages) {
        int added = 0;
        for (StoredMessage message : messages) {
            if (known.add(message.id())) {
                queue.add(message);
                added++;
            }
        }
        return added;
    }

    /** The next message to start, counted as running; null when {@code window} are running or none is queued. */
    synchronized @Nullable StoredMessage next(int window) {
        if (running >= window || queue.isEmpty()) {
            return null;
        }
        running++;
        return queue.poll();
    }

    /** A message handed out by {@link #next} is done (delivered, failed, or not started after all). */
    synchronized void done(String id) {
        if (known.remove(id)) {
            running--;
        }
    }

    /** Whether nothing is queued or running. */
    synchronized boolean isIdle() {
        return running == 0 && queue.isEmpty();
    }

    /** Enters the pump; false when one is running already, which is then told to go round once more. */
    synchronized boolean enterPump() {
        if (pumping) {
            again = true;
            return false;
        }
        pumping = true;
        return true;
    }

    /** True when the pump must go round once more; otherwise leaves it. */
    synchronized boolean pumpAgain() {
        if (again) {
            again = false;
            return true;
        }
        pumping = false;
        return false;
    }
}
