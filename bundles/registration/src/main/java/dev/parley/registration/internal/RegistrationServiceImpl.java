package dev.parley.registration.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

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
import dev.parley.api.registration.Binding;
import dev.parley.api.registration.LocationService;
import dev.parley.api.registration.RegistrationService;
import dev.parley.store.BindingStore;

/**
 * The registrar and the location service. The store is the source of truth; this component keeps a write-through
 * copy of the unexpired bindings per address of record so that lookups never touch the database, and serializes
 * the writes of one address of record with striped locks so that concurrent REGISTERs see each other's Call-ID and
 * CSeq. The copy assumes this node is the only writer of the store.
 */
@Component(service = { RegistrationService.class, LocationService.class, Registrar.class },
        configurationPid = RegistrationConfig.PID, immediate = true) // the sweeper runs even with nobody asking
@Designate(ocd = RegistrationConfig.class)
public final class RegistrationServiceImpl implements RegistrationService, LocationService, Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationServiceImpl.class);
    private static final int LOCK_STRIPES = 64;
    private static final Comparator<SipAddress> AOR_ORDER = Comparator.comparing(SipAddress::domain)
            .thenComparing(SipAddress::user);

    private final BindingStore store;
    private final EventAdmin eventAdmin;
    private final Clock clock;
    /** Unexpired-at-write-time bindings per address of record, preferred first; lists are immutable. */
    private final ConcurrentMap<SipAddress, List<Binding>> cache = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final ScheduledExecutorService sweeper;
    private volatile RegistrationConfig config;
    private @Nullable ScheduledFuture<?> sweepTask;
    private int sweepInterval;

    @Activate
    public RegistrationServiceImpl(@Reference BindingStore store, @Reference EventAdmin eventAdmin,
            RegistrationConfig config) {
        this(store, eventAdmin, config, Clock.systemUTC());
    }

    RegistrationServiceImpl(BindingStore store, EventAdmin eventAdmin, RegistrationConfig config, Clock clock) {
        this.store = store;
        this.eventAdmin = eventAdmin;
        this.config = config;
        this.clock = clock;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        List<Binding> stored = store.all();
        for (Binding binding : stored) {
            cache.merge(binding.aor(), List.of(binding), RegistrationServiceImpl::mergeSorted);
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "parley-registration-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        scheduleSweep(config.sweep_interval());
        warnIfInconsistent(config);
        LOG.info("Registrar started with {} stored bindings", stored.size());
    }

    @Modified
    void modified(RegistrationConfig newConfig) {
        this.config = newConfig;
        scheduleSweep(newConfig.sweep_interval());
        warnIfInconsistent(newConfig);
        LOG.info("Registrar reconfigured: expires {}..{} (default {}), {} contacts per AOR",
                newConfig.min_expires(), newConfig.max_expires(), newConfig.default_expires(),
                newConfig.max_contacts());
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
    }

    @Override
    public RegisterResult register(RegisterRequest request) {
        SipAddress aor = request.aor();
        List<Event> events = new ArrayList<>();
        RegisterResult result = locked(aor, () -> {
            Instant now = clock.instant();
            List<Binding> current = unexpired(aor, now);
            if (request.isQuery()) {
                return new RegisterResult(current, now);
            }
            BindingUpdate update = BindingUpdate.plan(current, request, config, now);
            store.update(aor, update.upserts(), update.removed());
            putCache(aor, update.after());
            for (Binding binding : update.upserts()) {
                String topic = update.before().containsKey(binding.contact()) ? TOPIC_REFRESHED : TOPIC_REGISTERED;
                events.add(event(topic, binding, binding.expiresIn(now), now));
            }
            for (String contact : update.removed()) {
                events.add(event(TOPIC_UNREGISTERED, update.before().get(contact), 0, now));
            }
            return new RegisterResult(update.after(), now);
        });
        events.forEach(eventAdmin::postEvent);
        return result;
    }

    @Override
    public List<Binding> lookup(SipAddress aor) {
        return unexpired(aor, clock.instant());
    }

    @Override
    public List<Binding> bindings(SipAddress aor) {
        return lookup(aor);
    }

    @Override
    public List<Binding> allBindings() {
        Instant now = clock.instant();
        return cache.keySet().stream().sorted(AOR_ORDER)
                .flatMap(aor -> cache.getOrDefault(aor, List.of()).stream())
                .filter(b -> !b.isExpired(now))
                .toList();
    }

    @Override
    public boolean unregister(SipAddress aor, String contact) {
        List<Event> events = new ArrayList<>();
        boolean removed = locked(aor, () -> {
            Instant now = clock.instant();
            List<Binding> current = unexpired(aor, now);
            Binding binding = current.stream().filter(b -> b.contact().equals(contact)).findFirst().orElse(null);
            if (binding == null) {
                return false;
            }
            store.update(aor, List.of(), List.of(contact));
            putCache(aor, current.stream().filter(b -> b != binding).toList());
            events.add(event(TOPIC_UNREGISTERED, binding, 0, now));
            return true;
        });
        events.forEach(eventAdmin::postEvent);
        return removed;
    }

    @Override
    public int unregisterAll(SipAddress aor) {
        List<Event> events = new ArrayList<>();
        int count = locked(aor, () -> {
            Instant now = clock.instant();
            List<Binding> current = unexpired(aor, now);
            store.deleteAll(aor);
            cache.remove(aor);
            current.forEach(b -> events.add(event(TOPIC_UNREGISTERED, b, 0, now)));
            return current.size();
        });
        events.forEach(eventAdmin::postEvent);
        if (count > 0) {
            LOG.info("Removed {} bindings of {}", count, aor);
        }
        return count;
    }

    /** Deletes the lapsed bindings from the store and the cache, and tells the world. Runs on the sweeper. */
    void sweepExpired() {
        Instant now = clock.instant();
        List<Binding> lapsed;
        try {
            lapsed = store.deleteExpired(now);
        } catch (RuntimeException e) {
            // keep the schedule alive: a failing store is retried at the next interval
            LOG.warn("Could not delete expired bindings, will retry: {}", e.toString());
            LOG.debug("Sweep failure", e);
            return;
        }
        for (Binding binding : lapsed) {
            locked(binding.aor(), () -> {
                List<Binding> current = cache.getOrDefault(binding.aor(), List.of());
                // a REGISTER may have refreshed the contact since; only drop the copy that has really lapsed
                putCache(binding.aor(), current.stream()
                        .filter(b -> !(b.contact().equals(binding.contact()) && b.isExpired(now))).toList());
                return null;
            });
            eventAdmin.postEvent(event(TOPIC_EXPIRED, binding, 0, now));
        }
        if (!lapsed.isEmpty()) {
            LOG.debug("{} bindings expired", lapsed.size());
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
        sweepTask = sweeper.scheduleWithFixedDelay(this::sweepExpired, intervalSeconds, intervalSeconds,
                TimeUnit.SECONDS);
    }

    private static void warnIfInconsistent(RegistrationConfig config) {
        if (config.min_expires() > config.max_expires()) {
            LOG.warn("min.expires {} is above max.expires {}: some requests will be refused and then shortened",
                    config.min_expires(), config.max_expires());
        }
    }

    private List<Binding> unexpired(SipAddress aor, Instant now) {
        return cache.getOrDefault(aor, List.of()).stream().filter(b -> !b.isExpired(now)).toList();
    }

    private void putCache(SipAddress aor, List<Binding> bindings) {
        if (bindings.isEmpty()) {
            cache.remove(aor);
        } else {
            cache.put(aor, List.copyOf(bindings));
        }
    }

    private <T> T locked(SipAddress aor, Supplier<T> action) {
        ReentrantLock lock = locks[Math.floorMod(aor.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static List<Binding> mergeSorted(List<Binding> a, List<Binding> b) {
        List<Binding> merged = new ArrayList<>(a);
        merged.addAll(b);
        merged.sort(BindingUpdate.PREFERENCE);
        return List.copyOf(merged);
    }

    private static Event event(String topic, Binding binding, long expires, Instant now) {
        return new Event(topic, Map.of(
                ParleyTopics.PROPERTY_AOR, binding.aor().uri(),
                PROPERTY_CONTACT, binding.contact(),
                PROPERTY_EXPIRES, expires,
                PROPERTY_TRANSPORT, binding.transport(),
                ParleyTopics.PROPERTY_TIMESTAMP, now.toEpochMilli()));
    }
}
