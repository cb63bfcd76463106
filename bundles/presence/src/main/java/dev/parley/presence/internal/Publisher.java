package dev.parley.presence.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.presence.internal.pidf.PidfDocument;
import dev.parley.presence.internal.pidf.PidfWriter;
import dev.parley.store.PresencePublication;
import dev.parley.store.PresencePublication.Origin;
import dev.parley.store.PresenceStore;

/**
 * The event state compositor's write side (RFC 3903 section 6): initial, refresh, modify and remove of
 * publications with entity tags, publications made on a user's behalf, and the sweep of lapsed ones. Every
 * successful publication gets a new entity tag. The store is the source of truth; operations on one user are
 * serialized (striped locks) so an entity tag is matched and replaced atomically.
 */
@Component(service = Publisher.class, configurationPid = PresenceConfig.PID, immediate = true)
@Designate(ocd = PresenceConfig.class)
public final class Publisher {

    /** What a PUBLISH achieved. */
    public sealed interface Outcome {
    }

    /** Stored under {@code etag} until {@code expires} seconds from now. */
    public record Published(String etag, int expires) implements Outcome {
    }

    /** The publication was removed (Expires: 0). */
    public record Removed() implements Outcome {
    }

    /** No live publication has the SIP-If-Match tag: 412 Conditional Request Failed. */
    public record UnknownEtag(String etag) implements Outcome {
    }

    /** The requested expiry is below the minimum: 423 with Min-Expires. */
    public record IntervalTooBrief(int minExpires) implements Outcome {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final int LOCK_STRIPES = 64;

    private final PresenceStore store;
    private final PresenceView view;
    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final ScheduledExecutorService sweeper;
    private volatile PresenceConfig config;
    private @Nullable ScheduledFuture<?> sweepTask;

    @Activate
    public Publisher(@Reference PresenceStore store, @Reference PresenceView view, PresenceConfig config) {
        this(store, view, config, Clock.systemUTC());
    }

    Publisher(PresenceStore store, PresenceView view, PresenceConfig config, Clock clock) {
        this.store = store;
        this.view = view;
        this.config = config;
        this.clock = clock;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "parley-presence-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        scheduleSweep(config.sweep_interval());
    }

    @Modified
    void modified(PresenceConfig newConfig) {
        this.config = newConfig;
        scheduleSweep(newConfig.sweep_interval());
        LOG.info("Presence reconfigured: publication expiry {}..{} s (default {})", newConfig.min_expires(),
                newConfig.max_expires(), newConfig.default_expires());
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
    }

    /**
     * Applies one PUBLISH of {@code entity}'s presence: RFC 3903 table 1 decides the operation from the body
     * ({@code document}), {@code ifMatch} and the expiry ({@code requestedExpires}, null when the request has none).
     *
     * @throws ParleyException {@code INVALID_ARGUMENT} for a combination table 1 does not allow, {@code FORBIDDEN}
     *             when the user has too many publications
     */
    public Outcome publish(SipAddress entity, @Nullable String ifMatch, @Nullable PidfDocument document,
            @Nullable Integer requestedExpires) {
        PresenceConfig settings = config;
        int expires = requestedExpires == null ? settings.default_expires() : requestedExpires;
        if (expires == 0) {
            if (ifMatch == null) {
                throw new ParleyException(ParleyError.INVALID_ARGUMENT, "Expires 0 requires SIP-If-Match");
            }
            return remove(entity, ifMatch);
        }
        if (expires < settings.min_expires()) {
            return new IntervalTooBrief(settings.min_expires());
        }
        int granted = Math.min(expires, settings.max_expires());
        if (ifMatch == null && document == null) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "Initial publication requires a body");
        }
        Outcome outcome = locked(entity, () -> {
            Instant now = clock.instant();
            String etag = newEtag();
            if (ifMatch == null) {
                if (live(entity, now) >= settings.max_publications()) {
                    throw new ParleyException(ParleyError.FORBIDDEN, "Too many publications");
                }
                store.putPublication(new PresencePublication(entity, etag, Origin.SIP, PidfWriter.write(document),
                        now.plusSeconds(granted), now), null);
                return new Published(etag, granted);
            }
            Optional<PresencePublication> current = store.publication(entity, ifMatch)
                    .filter(p -> p.expiresAt().isAfter(now));
            if (current.isEmpty()) {
                return new UnknownEtag(ifMatch);
            }
            PresencePublication next = document == null ? current.get().refreshed(etag, now.plusSeconds(granted))
                    : new PresencePublication(entity, etag, current.get().origin(), PidfWriter.write(document),
                            now.plusSeconds(granted), now);
            store.putPublication(next, ifMatch);
            return new Published(etag, granted);
        });
        if (outcome instanceof Published && document != null) {
            view.changed(entity);
        }
        return outcome;
    }

    private Outcome remove(SipAddress entity, String etag) {
        boolean removed = locked(entity, () -> {
            Instant now = clock.instant();
            return store.publication(entity, etag).filter(p -> p.expiresAt().isAfter(now)).isPresent()
                    && store.deletePublication(entity, etag);
        });
        if (!removed) {
            return new UnknownEtag(etag);
        }
        view.changed(entity);
        return new Removed();
    }

    /**
     * Publishes {@code document} for {@code user} on the user's behalf: it replaces the previous such publication
     * and lapses after {@code api.expires}.
     */
    public void publishOnBehalf(SipAddress user, PidfDocument document) {
        locked(user, () -> {
            Instant now = clock.instant();
            String previous = onBehalf(user).map(PresencePublication::etag).orElse(null);
            store.putPublication(new PresencePublication(user, newEtag(), Origin.API, PidfWriter.write(document),
                    now.plusSeconds(config.api_expires()), now), previous);
            return null;
        });
        view.changed(user);
    }

    /** Withdraws what {@link #publishOnBehalf} set; false if there was nothing. */
    public boolean clearOnBehalf(SipAddress user) {
        boolean removed = locked(user, () -> onBehalf(user)
                .map(p -> store.deletePublication(user, p.etag())).orElse(false));
        if (removed) {
            view.changed(user);
        }
        return removed;
    }

    /** Deletes the lapsed publications and recomposes their users; returns how many it deleted. */
    int sweep() {
        List<PresencePublication> expired = store.deleteExpired(clock.instant());
        Set<SipAddress> users = new LinkedHashSet<>();
        expired.forEach(p -> users.add(p.entity()));
        users.forEach(view::changed);
        if (!expired.isEmpty()) {
            LOG.debug("Swept {} lapsed publications of {} users", expired.size(), users.size());
        }
        return expired.size();
    }

    private Optional<PresencePublication> onBehalf(SipAddress user) {
        return store.publications(user).stream().filter(p -> p.origin() == Origin.API).reduce((a, b) -> b);
    }

    private long live(SipAddress entity, Instant now) {
        return store.publications(entity).stream().filter(p -> p.expiresAt().isAfter(now)).count();
    }

    private synchronized void scheduleSweep(int intervalSeconds) {
        if (sweepTask != null) {
            sweepTask.cancel(false);
        }
        sweepTask = sweeper.scheduleWithFixedDelay(this::sweepSafely, intervalSeconds, intervalSeconds,
                TimeUnit.SECONDS);
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // the next run tries again; a failure must not cancel the schedule
            LOG.warn("Presence sweep failed: {}", e.toString());
        }
    }

    private <T> T locked(SipAddress entity, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(entity.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private static String newEtag() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
