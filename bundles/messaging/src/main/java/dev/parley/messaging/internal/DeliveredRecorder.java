package dev.parley.messaging.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.store.MessageStore;

/**
 * Writes {@code DELIVERED} for the messages that contacts answered 2xx in one journaled store write per batch — the
 * answers that came while the previous write ran — instead of one write each: under load the SIP worker threads
 * waited on the store's write lock more than on anything else. The events follow the write; a message leaves the
 * in-flight set only then, so the sweep never sends it again meanwhile. Delivery stays at least once: a crash
 * between the 2xx and the write delivers the message again after the restart.
 */
final class DeliveredRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveredRecorder.class);

    private record Delivered(Message message, String contact, Runnable done) {
    }

    private final MessageStore store;
    private final EventAdmin events;
    private final Clock clock;
    private final Executor executor;
    private final Queue<Delivered> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    DeliveredRecorder(MessageStore store, EventAdmin events, Clock clock, Executor executor) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.executor = executor;
    }

    /** Records that {@code contact} took {@code message}; {@code done} runs once that is written (or failed to). */
    void record(Message message, String contact, Runnable done) {
        queue.add(new Delivered(message, contact, done));
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::flush);
            } catch (RejectedExecutionException e) {
                // stopping: the messages stay STORED in the store and are delivered again after the restart
                scheduled.set(false);
            }
        }
    }

    private void flush() {
        scheduled.set(false);
        List<Delivered> batch = new ArrayList<>();
        for (Delivered delivered = queue.poll(); delivered != null; delivered = queue.poll()) {
            batch.add(delivered);
        }
        if (batch.isEmpty()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            int changed = store.finishAll(batch.stream().map(d -> d.message().id()).toList(), MessageState.DELIVERED,
                    now);
            for (Delivered delivered : batch) {
                // all changed, or find out which: one deleted or expired meanwhile gets no event
                if (changed == batch.size() || deliveredJustNow(delivered.message().id(), now)) {
                    LOG.debug("Message {} delivered to {}", delivered.message().id(), delivered.contact());
                    events.postEvent(MessageEvents.delivered(delivered.message(), delivered.contact(), now));
                }
            }
        } catch (RuntimeException e) {
            // they stay STORED with their earlier next attempt, so the sweep sends them again
            LOG.warn("Could not record {} deliveries: {}", batch.size(), e.toString());
        } finally {
            batch.forEach(delivered -> delivered.done().run());
        }
    }

    private boolean deliveredJustNow(String id, Instant now) {
        return store.find(id).map(stored -> stored.message().state() == MessageState.DELIVERED
                && stored.message().stateChanged().equals(now)).orElse(false);
    }
}
