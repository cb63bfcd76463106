package dev.parley.messaging.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.api.registration.Binding;
import dev.parley.api.registration.LocationService;
import dev.parley.store.MessageStore;
import dev.parley.store.StoredMessage;

/**
 * Delivers stored messages: one {@link DeliveryAttempt} at a time per message, to every registered contact of the
 * recipient, and writes each decision to the store before telling anyone — DELIVERED only after a 2xx (in batches,
 * see {@link DeliveredRecorder}), FAILED
 * after a 6xx; any other failure stays STORED with the next attempt backed off, or waits for the recipient to
 * register again; {@link #sweep} retries what is due and expires what lapsed. What is in flight is known only
 * here: after a restart the store's next-attempt times bring every pending message back.
 */
final class Postman {

    /**
     * How long a message being delivered is left alone by the sweep: longer than jain-sip's non-INVITE transaction
     * timeout (Timer F, 32 s), so the attempt has decided by then unless this instance died with it.
     */
    static final Duration IN_FLIGHT_GUARD = Duration.ofSeconds(40);
    static final String NOT_DELIVERED_IN_TIME = "not delivered before its expiry";

    private static final Logger LOG = LoggerFactory.getLogger(Postman.class);
    private static final int SWEEP_BATCH = 500;

    private final MessageStore store;
    private final LocationService location;
    private final MessageSender sender;
    private final EventAdmin events;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<SipAddress, Backlog> backlogs = new ConcurrentHashMap<>();
    /**
     * Recipients with messages that wait (nobody registered, or an attempt failed): a refresh of their registration
     * delivers at once. Kept in memory, so a refresh costs no store read; filled from the store at {@link #resume}.
     */
    private final Set<SipAddress> waiting = ConcurrentHashMap.newKeySet();
    private final DeliveredRecorder delivered;
    private volatile Limits limits;
    private volatile boolean stopped;

    Postman(MessageStore store, LocationService location, MessageSender sender, EventAdmin events, Clock clock,
            Limits limits, Executor background) {
        this.store = store;
        this.location = location;
        this.sender = sender;
        this.events = events;
        this.clock = clock;
        this.limits = limits;
        this.delivered = new DeliveredRecorder(store, events, clock, background);
    }

    void setLimits(Limits limits) {
        this.limits = limits;
    }

    /** Stops starting attempts and ignores the answers of those in flight (the store brings them back). */
    void stop() {
        stopped = true;
    }

    /** When a newly accepted message is next looked at: soon if it is being delivered, else at a registration. */
    static @Nullable Instant firstAttempt(boolean recipientRegistered, Instant now) {
        return recipientRegistered ? now.plus(IN_FLIGHT_GUARD) : null;
    }

    /** Sends the message to every registered contact of its recipient, unless an attempt is already running. */
    void deliver(StoredMessage stored) {
        start(stored, null);
    }

    /**
     * Starts an attempt; {@code afterwards} runs once it has decided (and the decision is stored). False when none
     * started: stopped, nobody registered (the message then waits for a registration) or one running already.
     */
    private boolean start(StoredMessage stored, @Nullable Runnable afterwards) {
        if (stopped) {
            return false;
        }
        Message message = stored.message();
        List<Binding> bindings = location.lookup(message.to());
        if (bindings.isEmpty()) {
            waiting.add(message.to());
            if (stored.nextAttempt() != null) { // it waits for the recipient to register, not for the sweep
                store.retryLater(message.id(), stored.attempts(), null, message.failure());
            }
            return false;
        }
        if (!inFlight.add(message.id())) {
            return false;
        }
        LOG.debug("Delivering {} from {} to {} contacts of {}", message.id(), message.from(), bindings.size(),
                message.to());
        DeliveryAttempt attempt = new DeliveryAttempt(bindings.size());
        for (Binding binding : bindings) {
            sender.send(message, binding, outcome -> attempt.record(outcome)
                    .ifPresent(result -> conclude(stored, result, afterwards)));
        }
        return true;
    }

    /** Sends an indication (not stored) once to every contact registered now; the answers only get logged. */
    void relayIndication(Message indication) {
        for (Binding binding : location.lookup(indication.to())) {
            sender.send(indication, binding, outcome -> LOG.debug("Indication from {} to {}: {}", indication.from(),
                    outcome.contact(), outcome.summary()));
        }
    }

    /**
     * Delivers every pending message of {@code recipient}, whatever their backoff (it has just registered),
     * {@code delivery.window} at a time.
     */
    void deliverPending(SipAddress recipient) {
        waiting.remove(recipient); // an attempt that fails again puts it back
        Backlog backlog = backlogs.computeIfAbsent(recipient, r -> new Backlog());
        if (backlog.add(store.pending(recipient)) > 0) {
            pump(recipient, backlog);
        }
    }

    /** Starts queued messages of the backlog while its window has room. */
    private void pump(SipAddress recipient, Backlog backlog) {
        if (!backlog.enterPump()) {
            return;
        }
        do {
            StoredMessage next;
            while ((next = backlog.next(limits.deliveryWindow())) != null) {
                String id = next.id();
                // the queued copy may be stale: another path may have delivered it meanwhile
                StoredMessage current = store.find(id).filter(m -> m.message().state() == MessageState.STORED)
                        .orElse(null);
                if (current == null || !start(current, () -> finished(recipient, backlog, id))) {
                    backlog.done(id);
                }
            }
        } while (backlog.pumpAgain());
        if (backlog.isIdle()) {
            backlogs.remove(recipient, backlog);
        }
    }

    /** Whether {@code recipient} has messages waiting for it (see {@link #waiting}). */
    boolean hasWaiting(SipAddress recipient) {
        return waiting.contains(recipient);
    }

    private void finished(SipAddress recipient, Backlog backlog, String id) {
        backlog.done(id);
        pump(recipient, backlog);
    }

    /** At start: what was pending when the service stopped is delivered to recipients registered now. */
    void resume() {
        int recipients = 0;
        for (SipAddress recipient : store.pendingRecipients()) {
            waiting.add(recipient);
            if (!location.lookup(recipient).isEmpty()) {
                deliverPending(recipient);
                recipients++;
            }
        }
        LOG.info("Resumed pending deliveries to {} registered recipients", recipients);
    }

    /** Retries the messages whose next attempt is due, and expires the pending ones past their expiry. */
    void sweep() {
        if (stopped) {
            return;
        }
        Instant now = clock.instant();
        store.due(now, SWEEP_BATCH).forEach(this::deliver);
        for (StoredMessage lapsed : store.expiring(now, SWEEP_BATCH)) {
            Message message = lapsed.message();
            if (inFlight.contains(message.id())) {
                continue; // its attempt decides first; the next sweep expires it if it failed
            }
            String reason = message.failure() == null ? NOT_DELIVERED_IN_TIME
                    : NOT_DELIVERED_IN_TIME + " (last failure: " + message.failure() + ")";
            if (store.finish(message.id(), MessageState.EXPIRED, now, reason)) {
                LOG.info("Message {} from {} to {} expired", message.id(), message.from(), message.to());
                events.postEvent(MessageEvents.failed(message, MessageState.EXPIRED, reason, now));
            }
        }
    }

    private void conclude(StoredMessage stored, DeliveryAttempt.Result result, @Nullable Runnable afterwards) {
        Message message = stored.message();
        if (result.delivered() && !stopped) {
            delivered.record(message, result.contact(), () -> release(message.id(), afterwards));
            return;
        }
        try {
            if (stopped) {
                return;
            }
            Instant now = clock.instant();
            if (result.permanent()) {
                if (store.finish(message.id(), MessageState.FAILED, now, result.failure())) {
                    LOG.info("Message {} to {} refused: {}", message.id(), message.to(), result.failure());
                    events.postEvent(MessageEvents.failed(message, MessageState.FAILED, result.failure(), now));
                }
            } else {
                int attempts = stored.attempts() + 1;
                Instant next = limits.nextAttempt(attempts, now);
                LOG.debug("Message {} not delivered ({}), attempt {}, next at {}", message.id(), result.failure(),
                        attempts, next);
                store.retryLater(message.id(), attempts, next, result.failure());
                waiting.add(message.to());
            }
        } catch (RuntimeException e) {
            // the message stays STORED with its earlier next attempt, so the sweep tries again
            LOG.warn("Could not record the delivery outcome of message {}: {}", message.id(), e.toString());
        } finally {
            release(message.id(), afterwards);
        }
    }

    /** The attempt's decision is stored: the message may be tried again, and its backlog may move on. */
    private void release(String id, @Nullable Runnable afterwards) {
        inFlight.remove(id);
        if (afterwards != null && !stopped) {
            afterwards.run();
        }
    }
}
