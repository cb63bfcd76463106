package dev.parley.events.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.event.EventPackage;

/**
 * The whiteboard of {@link EventPackage} services, by name. Packages come and go at any time (a third-party bundle
 * started or stopped); listeners learn of each change, so {@code Allow-Events} follows the running packages.
 * <p>
 * A package service is fetched on this component's own thread, not while it is bound: packages need the
 * {@code SubscriptionService}, whose component needs this one, so fetching it during binding would be a cycle
 * that Service Component Runtime refuses (it may still refuse while both are being activated: then the fetch is
 * tried again).
 */
@Component(service = EventPackages.class)
public final class EventPackages {
    private static final Logger LOG = LoggerFactory.getLogger(EventPackages.class);
    private static final int FETCH_ATTEMPTS = 150;
    private static final long FETCH_RETRY_MS = 200;

    private final Map<String, EventPackage> byName = new ConcurrentHashMap<>();
    private final Map<ComponentServiceObjects<EventPackage>, EventPackage> fetched = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService fetching = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-events-packages");
        thread.setDaemon(true);
        return thread;
    });
    /** The packages bound now (fetched or not yet): a fetch is retried only while its package is bound. */
    private final Set<ComponentServiceObjects<EventPackage>> bound = ConcurrentHashMap.newKeySet();

    @Reference(service = EventPackage.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindPackage(ComponentServiceObjects<EventPackage> objects) {
        bound.add(objects);
        onOwnThread(() -> fetch(objects, 1), 0);
    }

    void unbindPackage(ComponentServiceObjects<EventPackage> objects) {
        bound.remove(objects);
        onOwnThread(() -> {
            EventPackage eventPackage = fetched.remove(objects);
            if (eventPackage != null) {
                remove(eventPackage);
                objects.ungetService(eventPackage);
            }
        }, 0);
    }

    /**
     * Fetches a bound package. Its component may not activate yet when it is being activated in a cycle with this
     * bundle's own (a restart of the SIP core restarts both): then it is tried again a moment later.
     */
    private void fetch(ComponentServiceObjects<EventPackage> objects, int attempt) {
        if (!bound.contains(objects) || fetched.containsKey(objects)) {
            return;
        }
        EventPackage eventPackage = objects.getService();
        if (eventPackage != null) {
            fetched.put(objects, eventPackage);
            add(eventPackage);
        } else if (attempt < FETCH_ATTEMPTS) {
            onOwnThread(() -> fetch(objects, attempt + 1), FETCH_RETRY_MS);
        } else {
            LOG.warn("Event package {} did not activate: not offered",
                    objects.getServiceReference().getProperty("component.name"));
        }
    }

    @Deactivate
    void deactivate() {
        fetching.shutdownNow();
    }

    private void onOwnThread(Runnable work, long delayMs) {
        try {
            fetching.schedule(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("Event package not (un)bound", e);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Event package change while stopping ignored");
        }
    }

    /** Adds a package now (the whiteboard does it on its own thread). */
    void add(EventPackage eventPackage) {
        EventPackage previous = byName.putIfAbsent(eventPackage.name(), eventPackage);
        if (previous != null) {
            LOG.warn("Event package {} is provided twice: {} ignored", eventPackage.name(),
                    eventPackage.getClass().getName());
            return;
        }
        LOG.info("Event package {} ({}) available", eventPackage.name(), eventPackage.contentType());
        listeners.forEach(Runnable::run);
    }

    void remove(EventPackage eventPackage) {
        if (byName.remove(eventPackage.name(), eventPackage)) {
            LOG.info("Event package {} gone", eventPackage.name());
            listeners.forEach(Runnable::run);
        }
    }

    Optional<EventPackage> find(@Nullable String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** The names of the running packages, in alphabetical order. */
    Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** Runs {@code listener} after every change of the running packages. */
    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
