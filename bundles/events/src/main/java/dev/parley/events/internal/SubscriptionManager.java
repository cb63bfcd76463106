package dev.parley.events.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyTopics;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.EventPackage;
import dev.parley.api.event.EventState;
import dev.parley.api.event.SipEventService;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.event.SubscriptionState;
import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.SipCore;
import dev.parley.store.StoredSubscription;
import dev.parley.store.SubscriptionStore;

/**
 * The notifier (RFC 6665): every subscription in memory, indexed by resource and by dialog, written through to the
 * store on each change of its life (create, refresh, end) and, for the NOTIFY counters, in batches every
 * {@value #FLUSH_INTERVAL_MS} ms. A state change therefore costs no store access: its NOTIFYs are built from memory
 * on the component's own threads and sent without waiting for their answers.
 */
@Component(service = { SubscriptionService.class, SubscriptionManager.class }, configurationPid = EventsConfig.PID)
@Designate(ocd = EventsConfig.class)
public final class SubscriptionManager implements SubscriptionService {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionManager.class);

    static final long FLUSH_INTERVAL_MS = 500;
    /** CSeqs and versions skipped after a restart: NOTIFYs sent after the last flush of a crashed process used some. */
    static final long RESTART_MARGIN = 1000;
    /** A state change of a resource with more watchers than this is notified by several threads. */
    private static final int CHUNK = 500;
    private static final Comparator<Subscription> ORDER = Comparator.comparing(Subscription::eventPackage)
            .thenComparing(s -> s.resource().uri()).thenComparing(s -> s.subscriber().uri())
            .thenComparing(Subscription::id);

    /** Identifies the subscription of an in-dialog SUBSCRIBE (RFC 6665 section 4.1.2.2: dialog plus Event). */
    record DialogKey(String callId, String remoteTag, String localTag, String eventPackage, @Nullable String eventId) {
    }

    private record ResourceKey(String eventPackage, SipAddress resource) {
    }

    private final SubscriptionStore store;
    private final EventPackages packages;
    private final EventAdmin eventAdmin;
    private final SipNotifier sip;
    private final Clock clock;
    private final Executor notifying;
    private final ScheduledExecutorService timers;
    private final Map<String, LiveSubscription> byId = new ConcurrentHashMap<>();
    private final Map<ResourceKey, Set<LiveSubscription>> byResource = new ConcurrentHashMap<>();
    private final Map<DialogKey, LiveSubscription> byDialog = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    /** Changes reported while their package was not offered (it is being restarted): notified when it comes. */
    private final Set<ResourceKey> deferred = ConcurrentHashMap.newKeySet();
    private final Runnable packagesChanged = this::notifyDeferred;
    /** Orders store writes of one subscription: a batch flush never resurrects a deleted row. */
    private final Object storeLock = new Object();
    private volatile ExpiresPolicy policy;
    private @Nullable ScheduledFuture<?> sweeping;

    @Activate
    public SubscriptionManager(@Reference SubscriptionStore store, @Reference EventPackages packages,
            @Reference EventAdmin eventAdmin, @Reference SipCore core, EventsConfig config) {
        this(store, packages, eventAdmin, core, config, Clock.systemUTC(),
                Executors.newFixedThreadPool(config.notify_threads(), named("parley-events-notify")));
        timers.scheduleWithFixedDelay(this::flushQuietly, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
        scheduleSweep(config.sweep_interval());
    }

    /** For tests: a given clock and executor, no timers running (call {@link #sweep()} and {@link #flush()}). */
    SubscriptionManager(SubscriptionStore store, EventPackages packages, EventAdmin eventAdmin, SipCore core,
            EventsConfig config, Clock clock, Executor notifying) {
        this.store = store;
        this.packages = packages;
        this.eventAdmin = eventAdmin;
        this.sip = new SipNotifier(core, packages::names, this::removeWithoutNotify);
        this.clock = clock;
        this.notifying = notifying;
        this.policy = ExpiresPolicy.of(config);
        this.timers = Executors.newSingleThreadScheduledExecutor(named("parley-events-timer"));
        List<StoredSubscription> restored = new ArrayList<>();
        for (StoredSubscription stored : store.all()) {
            LiveSubscription live = LiveSubscription.restore(stored, RESTART_MARGIN);
            index(live);
            restored.add(live.stored());
        }
        // the raised CSeqs and versions are stored at once: a crash before the next flush must not bring back
        // the lower ones
        store.save(restored);
        LOG.info("Events: {} subscriptions restored", byId.size());
        packages.addListener(packagesChanged);
    }

    @Modified
    void modified(EventsConfig config) {
        policy = ExpiresPolicy.of(config);
        scheduleSweep(config.sweep_interval());
    }

    @Deactivate
    void deactivate() {
        packages.removeListener(packagesChanged);
        timers.shutdownNow();
        if (notifying instanceof ExecutorService service) {
            service.shutdown();
            try {
                service.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushQuietly();
    }

    private synchronized void scheduleSweep(int seconds) {
        if (sweeping != null) {
            sweeping.cancel(false);
        }
        sweeping = timers.scheduleWithFixedDelay(this::sweepQuietly, seconds, seconds, TimeUnit.SECONDS);
    }

    ExpiresPolicy policy() {
        return policy;
    }

    Instant now() {
        return clock.instant();
    }

    // --- SubscriptionService ----------------------------------------------------------------------------------

    @Override
    public List<Subscription> subscriptions() {
        return sorted(byId.values());
    }

    @Override
    public List<Subscription> subscriptions(String eventPackage, SipAddress resource) {
        return sorted(byResource.getOrDefault(new ResourceKey(eventPackage, resource), Set.of()));
    }

    private static List<Subscription> sorted(Iterable<LiveSubscription> subscriptions) {
        List<Subscription> views = new ArrayList<>();
        subscriptions.forEach(s -> views.add(s.view()));
        views.sort(ORDER);
        return views;
    }

    @Override
    public void stateChanged(String eventPackage, SipAddress resource) {
        ResourceKey key = new ResourceKey(eventPackage, resource);
        Set<LiveSubscription> watchers = byResource.get(key);
        if (watchers == null || watchers.isEmpty()) {
            return;
        }
        if (packages.find(eventPackage).isEmpty()) {
            // a package rebuilding its state while it is (re)activated: its document can be rendered only later
            deferred.add(key);
            notifyDeferred(); // it may have come in the meantime
            return;
        }
        List<LiveSubscription> all = List.copyOf(watchers);
        long started = System.nanoTime();
        AtomicInteger chunksLeft = new AtomicInteger((all.size() + CHUNK - 1) / CHUNK);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<LiveSubscription> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try {
                notifying.execute(() -> {
                    chunk.forEach(this::stateChangedQuietly);
                    if (chunksLeft.decrementAndGet() == 0) {
                        LOG.debug("State change of {} {}: {} watchers handled in {} ms", eventPackage, resource,
                                all.size(), (System.nanoTime() - started) / 1_000_000);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("State change of {} {} while stopping: not notified", eventPackage, resource);
                return;
            }
        }
    }

    private void notifyDeferred() {
        for (ResourceKey key : List.copyOf(deferred)) {
            if (packages.find(key.eventPackage()).isPresent() && deferred.remove(key)) {
                stateChanged(key.eventPackage(), key.resource());
            }
        }
    }

    /**
     * An active subscription gets the new state; a pending one is authorised again (the change may be the
     * resource owner's decision): accepted it becomes active and is notified, refused it is terminated
     * ({@code rejected} or {@code noresource}).
     */
    private void stateChangedQuietly(LiveSubscription live) {
        try {
            SubscriptionState state = live.state();
            if (state == SubscriptionState.ACTIVE) {
                notify(live, null);
            } else if (state == SubscriptionState.PENDING) {
                authorizeAgain(live);
            }
        } catch (RuntimeException e) {
            LOG.warn("NOTIFY of subscription {} failed", live.id(), e);
        }
    }

    private void authorizeAgain(LiveSubscription live) {
        EventPackage eventPackage = packages.find(live.eventPackage()).orElse(null);
        if (eventPackage == null) {
            return;
        }
        Subscription view = live.view();
        switch (eventPackage.authorize(view.subscriber(), view.resource())) {
            case ACCEPT -> {
                live.setState(SubscriptionState.ACTIVE);
                save(live);
                changed(live, SubscriptionState.ACTIVE, null);
                notify(live, null);
            }
            case REJECT -> terminate(live.id(), "rejected");
            case NO_SUCH_RESOURCE -> terminate(live.id(), "noresource");
            case PENDING -> {
                // still undecided: nothing to tell
            }
        }
    }

    @Override
    public boolean terminate(String subscriptionId, String reason) {
        LiveSubscription live = unindex(subscriptionId);
        if (live == null) {
            return false;
        }
        delete(subscriptionId);
        notify(live, reason);
        changed(live, SubscriptionState.TERMINATED, reason);
        LOG.debug("Subscription {} to {} {} terminated: {}", subscriptionId, live.eventPackage(), live.resource(),
                reason);
        return true;
    }

    // --- life of a subscription (for the SUBSCRIBE handler and SipEventService) --------------------------------

    /** Creates a subscription (stored before this returns) without notifying it yet. */
    LiveSubscription create(String eventPackage, SipAddress subscriber, SipAddress resource, SubscriptionState state,
            int expires, @Nullable DialogState dialog, long remoteCseq, @Nullable String eventId,
            @Nullable String owner) {
        LiveSubscription live = new LiveSubscription(UUID.randomUUID().toString(), eventPackage, subscriber,
                resource, state, now().plusSeconds(expires), dialog, remoteCseq, eventId, owner);
        save(live);
        index(live);
        changed(live, state, null);
        return live;
    }

    /** A subscription that lives for one notification only: a fetch (SUBSCRIBE with Expires: 0). */
    void fetch(String eventPackage, SipAddress subscriber, SipAddress resource, SubscriptionState state,
            DialogState dialog, @Nullable String eventId) {
        LiveSubscription once = new LiveSubscription(UUID.randomUUID().toString(), eventPackage, subscriber,
                resource, state, now(), dialog, 0, eventId, null);
        notify(once, "timeout");
    }

    Optional<LiveSubscription> find(DialogKey key) {
        return Optional.ofNullable(byDialog.get(key));
    }

    Optional<LiveSubscription> find(String subscriptionId) {
        return Optional.ofNullable(byId.get(subscriptionId));
    }

    List<LiveSubscription> ownedBy(String owner) {
        return byId.values().stream().filter(s -> owner.equals(s.owner())).toList();
    }

    /** A refresh: new expiry and CSeq (and target), stored before this returns. */
    void refresh(LiveSubscription live, int expires, long cseq, @Nullable String newTarget) {
        live.refresh(now().plusSeconds(expires), cseq, newTarget);
        save(live);
    }

    /** Sends the subscription's current state now (initial NOTIFY, after a refresh). */
    void notifyCurrentState(LiveSubscription live) {
        notify(live, null);
    }

    /** Terminates lapsed subscriptions ({@code reason=timeout}); extends those Parley holds itself. */
    void sweep() {
        Instant now = now();
        for (LiveSubscription live : byId.values()) {
            if (live.expiresAt().isAfter(now)) {
                continue;
            }
            if (live.owner() != null) {
                live.extend(now.plusSeconds(policy.defaultExpires()));
                dirty.add(live.id());
            } else {
                terminate(live.id(), "timeout");
            }
        }
    }

    /** Writes the NOTIFY counters changed since the last flush, in one transaction. */
    void flush() {
        synchronized (storeLock) {
            List<StoredSubscription> changed = new ArrayList<>();
            for (String id : List.copyOf(dirty)) {
                dirty.remove(id);
                LiveSubscription live = byId.get(id);
                if (live != null) {
                    changed.add(live.stored());
                }
            }
            store.save(changed);
        }
    }

    // --- notifying --------------------------------------------------------------------------------------------

    /** Builds and delivers one notification; {@code terminationReason} non-null makes it the final one. */
    private void notify(LiveSubscription live, @Nullable String terminationReason) {
        EventPackage eventPackage = packages.find(live.eventPackage()).orElse(null);
        synchronized (live) {
            if (terminationReason == null && !byId.containsKey(live.id())) {
                return; // terminated meanwhile: its final NOTIFY went out already
            }
            SubscriptionState current = live.state();
            Subscription view = live.view();
            EventState body = current == SubscriptionState.ACTIVE && eventPackage != null
                    ? eventPackage.currentState(view)
                    : null;
            SubscriptionState state = terminationReason == null ? current : SubscriptionState.TERMINATED;
            Notification notification = new Notification(view, state, live.expiresIn(now()), terminationReason,
                    body);
            long cseq = live.nextNotify();
            DialogState dialog = live.dialog();
            if (dialog != null) {
                sip.send(dialog, cseq, live.eventId(), notification);
            } else {
                post(live, notification);
            }
        }
        if (terminationReason == null) {
            dirty.add(live.id());
        }
    }

    /** The notification of a subscription Parley holds itself, as {@link SipEventService#TOPIC_NOTIFIED}. */
    private void post(LiveSubscription live, Notification notification) {
        Subscription subscription = notification.subscription();
        Map<String, Object> properties = new HashMap<>();
        properties.put(SipEventService.PROPERTY_SUBSCRIPTION_ID, String.valueOf(live.owner()));
        properties.put(SipEventService.PROPERTY_EVENT_PACKAGE, subscription.eventPackage());
        properties.put(ParleyTopics.PROPERTY_AOR, subscription.subscriber().uri());
        properties.put(SipEventService.PROPERTY_RESOURCE, subscription.resource().uri());
        properties.put(SipEventService.PROPERTY_STATE, notification.subscriptionStateHeader());
        properties.put(ParleyTopics.PROPERTY_TIMESTAMP, clock.millis());
        EventState body = notification.body();
        if (body != null) {
            properties.put(SipEventService.PROPERTY_CONTENT_TYPE, body.contentType());
            properties.put(SipEventService.PROPERTY_BODY, body.body());
        }
        eventAdmin.postEvent(new Event(SipEventService.TOPIC_NOTIFIED, properties));
    }

    /** Announces a change in the life of a subscription ({@link SubscriptionService#TOPIC_CHANGED}). */
    private void changed(LiveSubscription live, SubscriptionState state, @Nullable String reason) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(PROPERTY_ID, live.id());
        properties.put(PROPERTY_EVENT_PACKAGE, live.eventPackage());
        properties.put(PROPERTY_SUBSCRIBER, live.subscriber().uri());
        properties.put(PROPERTY_RESOURCE, live.resource().uri());
        properties.put(PROPERTY_STATE, state.name().toLowerCase(Locale.ROOT));
        if (reason != null) {
            properties.put(PROPERTY_REASON, reason);
        }
        properties.put(ParleyTopics.PROPERTY_TIMESTAMP, clock.millis());
        eventAdmin.postEvent(new Event(TOPIC_CHANGED, properties));
    }

    // --- memory and store -------------------------------------------------------------------------------------

    private void index(LiveSubscription live) {
        byId.put(live.id(), live);
        byResource.computeIfAbsent(new ResourceKey(live.eventPackage(), live.resource()),
                k -> ConcurrentHashMap.newKeySet()).add(live);
        DialogKey key = dialogKey(live);
        if (key != null) {
            byDialog.put(key, live);
        }
    }

    private @Nullable LiveSubscription unindex(String id) {
        LiveSubscription live = byId.remove(id);
        if (live != null) {
            byResource.computeIfPresent(new ResourceKey(live.eventPackage(), live.resource()), (k, set) -> {
                set.remove(live);
                return set.isEmpty() ? null : set;
            });
            DialogKey key = dialogKey(live);
            if (key != null) {
                byDialog.remove(key, live);
            }
        }
        return live;
    }

    private static @Nullable DialogKey dialogKey(LiveSubscription live) {
        DialogState dialog = live.dialog();
        return dialog == null || dialog.remoteTag() == null ? null
                : new DialogKey(dialog.callId(), dialog.remoteTag(), dialog.localTag(), live.eventPackage(),
                        live.eventId());
    }

    /** The reason told to watcher information when the subscriber's side is gone (RFC 3857 has no closer one). */
    static final String GONE = "timeout";

    /** The subscriber's side is gone (481/408 to a NOTIFY): forgotten without a final NOTIFY. */
    private void removeWithoutNotify(String id) {
        LiveSubscription live = unindex(id);
        if (live != null) {
            delete(id);
            changed(live, SubscriptionState.TERMINATED, GONE);
        }
    }

    private void save(LiveSubscription live) {
        synchronized (storeLock) {
            store.save(List.of(live.stored()));
            dirty.remove(live.id());
        }
    }

    private void delete(String id) {
        synchronized (storeLock) {
            dirty.remove(id);
            store.delete(id);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Subscription counters not stored (retried at the next change): {}", e.getMessage());
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Subscription sweep failed", e);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
