package dev.parley.messaging.internal;

import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.account.AccountService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Conversation;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.api.messaging.MessagingService;
import dev.parley.api.registration.LocationService;
import dev.parley.api.server.ServerInfo;
import dev.parley.store.MessageStore;
import dev.parley.store.StoredMessage;

/**
 * The messaging service: checks a message against the recipient and the limits, stores it (the source of truth),
 * then hands it to the {@link Postman}; indications (typing notifications) are only relayed to online contacts.
 * Owns the thread that sweeps retries and expiries and serves registrations.
 */
@Component(service = { MessagingService.class, MessageRelay.class }, configurationPid = MessagingConfig.PID,
        immediate = true) // pending deliveries resume and expire even with nobody asking
@Designate(ocd = MessagingConfig.class)
public final class MessagingServiceImpl implements MessagingService, MessageRelay {

    private static final Logger LOG = LoggerFactory.getLogger(MessagingServiceImpl.class);
    private static final int MAX_PAGE = 1000;

    private final MessageStore store;
    private final EventAdmin events;
    private final ServerInfo server;
    private final AccountService accounts;
    private final LocationService location;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Postman postman;
    private final SenderRateLimiter rateLimiter = new SenderRateLimiter();
    private final ScheduledExecutorService scheduler;
    /** Runs the work handed off the caller's thread: the scheduler in production, the caller itself in tests. */
    private final Executor background;
    private volatile Limits limits;
    private @Nullable ScheduledFuture<?> sweepTask;
    private int sweepInterval;

    @Activate
    public MessagingServiceImpl(@Reference MessageStore store, @Reference EventAdmin events,
            @Reference ServerInfo server, @Reference AccountService accounts, @Reference LocationService location,
            @Reference MessageSender sender, MessagingConfig config) {
        this(store, events, server, accounts, location, sender, config, Clock.systemUTC(), System::nanoTime, null);
    }

    /** With a clock, a nano-time source for the rate limiter, and an executor for hand-offs (null: the sweeper). */
    MessagingServiceImpl(MessageStore store, EventAdmin events, ServerInfo server, AccountService accounts,
            LocationService location, MessageSender sender, MessagingConfig config, Clock clock, LongSupplier nanoTime,
            @Nullable Executor background) {
        this.store = store;
        this.events = events;
        this.server = server;
        this.accounts = accounts;
        this.location = location;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.limits = Limits.of(config);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "parley-messaging");
            thread.setDaemon(true);
            return thread;
        });
        this.background = background == null ? scheduler : background;
        this.postman = new Postman(store, location, sender, events, clock, limits, this.background);
        runInBackground(postman::resume);
        scheduleSweep(config.sweep_interval());
        LOG.info("Messaging started: {} bytes max, types {}, {} messages/s per sender", limits.maxBodySize(),
                limits.contentTypes(), limits.ratePerSender());
    }

    @Modified
    void modified(MessagingConfig config) {
        limits = Limits.of(config);
        postman.setLimits(limits);
        scheduleSweep(config.sweep_interval());
        LOG.info("Messaging reconfigured: {} bytes max, types {}, {} messages/s per sender", limits.maxBodySize(),
                limits.contentTypes(), limits.ratePerSender());
    }

    @Deactivate
    void deactivate() {
        postman.stop();
        scheduler.shutdownNow();
    }

    // --- MessageRelay -------------------------------------------------------------------------------------------

    @Override
    public Message accept(SipAddress from, SipAddress to, String contentType, String body, int bodySize) {
        Limits current = limits;
        boolean registered = admit(current, from, to, contentType, bodySize);
        Instant now = clock.instant();
        Message message = new Message(MessageIds.next(now), from, to, contentType, body, now,
                MessageState.STORED, false, now, null);
        if (current.isIndication(contentType)) {
            if (!registered) {
                throw new ParleyException(ParleyError.TEMPORARILY_UNAVAILABLE, "Recipient not registered");
            }
            postman.relayIndication(message);
            return message;
        }
        StoredMessage stored = new StoredMessage(message, 0, Postman.firstAttempt(registered, now),
                now.plus(current.expiry()));
        store.add(stored);
        events.postEvent(MessageEvents.received(message));
        postman.deliver(stored);
        return message;
    }

    /** The checks every message passes, in the order of their answers; true when the recipient is registered. */
    private boolean admit(Limits current, SipAddress from, SipAddress to, String contentType, int bodySize) {
        if (!server.isLocalDomain(to.domain())) {
            throw new ParleyException(ParleyError.FORBIDDEN, "Relaying not allowed");
        }
        // a registered recipient exists (deleting an account removes its bindings): no account lookup needed
        boolean registered = !location.lookup(to).isEmpty();
        if (!registered && accounts.find(to).isEmpty()) {
            throw new ParleyException(ParleyError.NOT_FOUND, "No such user");
        }
        if (!current.accepts(contentType)) {
            throw new UnsupportedContentTypeException(contentType.isBlank() ? "(none)" : contentType,
                    current.contentTypes());
        }
        if (bodySize > current.maxBodySize()) {
            throw new ParleyException(ParleyError.PAYLOAD_TOO_LARGE,
                    "Message larger than " + current.maxBodySize() + " bytes");
        }
        rateLimiter.acquire(from, current.ratePerSender(), current.rateBurst(), nanoTime.getAsLong());
        return registered;
    }

    @Override
    public void recipientRegistered(SipAddress recipient) {
        runInBackground(() -> postman.deliverPending(recipient));
    }

    @Override
    public void recipientRefreshed(SipAddress recipient) {
        if (postman.hasWaiting(recipient)) {
            recipientRegistered(recipient);
        }
    }

    // --- MessagingService ---------------------------------------------------------------------------------------

    @Override
    public Message send(SipAddress from, SipAddress to, String contentType, String body) {
        if (!server.isLocalDomain(from.domain()) || accounts.find(from).isEmpty()) {
            throw new ParleyException(ParleyError.FORBIDDEN, "Parley sends only on behalf of its own users");
        }
        Charset charset = BodyCodec.charset(contentType);
        return accept(from, to, contentType, body, body.getBytes(charset).length);
    }

    @Override
    public Optional<Message> find(String id) {
        return store.find(id).map(StoredMessage::message);
    }

    @Override
    public List<Conversation> conversations(SipAddress user) {
        return store.conversations(user);
    }

    @Override
    public List<Message> messages(SipAddress user, SipAddress peer, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT,
                    "offset must be 0 or more and limit between 1 and " + MAX_PAGE);
        }
        return store.messages(user, peer, offset, limit);
    }

    @Override
    public int markRead(SipAddress user, SipAddress peer) {
        return store.markRead(user, peer);
    }

    @Override
    public boolean delete(SipAddress user, String id) {
        Optional<Message> found = store.find(id).map(StoredMessage::message);
        boolean ofUser = found.isPresent() && (found.get().from().equals(user) || found.get().to().equals(user));
        return ofUser && store.delete(id);
    }

    // --- scheduling ---------------------------------------------------------------------------------------------

    /** Retries what is due, expires what lapsed, forgets idle senders. Runs on the sweeper; tests call it. */
    void sweep() {
        try {
            postman.sweep();
            rateLimiter.forgetIdle(limits.ratePerSender(), limits.rateBurst(), nanoTime.getAsLong());
        } catch (RuntimeException e) {
            // keep the schedule alive: a failing store is retried at the next interval
            LOG.warn("Messaging sweep failed, will retry: {}", e.toString());
            LOG.debug("Sweep failure", e);
        }
    }

    private void runInBackground(Runnable work) {
        try {
            background.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("Message delivery work failed: {}", e.toString());
                    LOG.debug("Delivery failure", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Service stopping, work dropped (the store keeps the messages)");
        }
    }

    private synchronized void scheduleSweep(int intervalSeconds) {
        if (sweepTask != null && sweepInterval == intervalSeconds) {
            return;
        }
        if (sweepTask != null) {
            sweepTask.cancel(false);
        }
        sweepInterval = intervalSeconds;
        sweepTask = scheduler.scheduleWithFixedDelay(this::sweep, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }
}
