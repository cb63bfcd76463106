package dev.parley.sip.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.sip.spi.SipEvent;
import dev.parley.sip.spi.SipMethod;
import dev.parley.sip.spi.SipRequestHandler;
import dev.parley.sip.spi.SipStrayResponseHandler;

/**
 * The whiteboard of {@link SipRequestHandler} services, keyed by {@value SipMethod#PROPERTY} and optionally
 * {@value SipEvent#PROPERTY}. The highest {@code service.ranking} wins (then the oldest service); every time a
 * handler comes or goes the choice is recomputed once, so a request costs one map lookup.
 * <p>
 * Handlers are bound by reference and their service object is fetched on the first request they get: a handler
 * needs {@code SipCore}, whose component needs this registry, so getting the handler while binding it would be a
 * cycle that Service Component Runtime refuses.
 */
@Component(service = HandlerRegistry.class)
public final class HandlerRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerRegistry.class);

    /** One registered handler with the service properties the dispatcher needs. */
    record Registration(Supplier<@Nullable SipRequestHandler> service, String name, long serviceId, int ranking,
            Set<String> methods, Set<String> events, Set<String> accept, Set<String> supported) {

        static Registration of(Supplier<@Nullable SipRequestHandler> service, Map<String, ?> properties) {
            Object ranking = properties.get(Constants.SERVICE_RANKING);
            Object serviceId = properties.get(Constants.SERVICE_ID);
            Object name = properties.get("component.name");
            return new Registration(service, name == null ? "service " + serviceId : name.toString(), serviceId instanceof Long id ? id : 0L,
                    ranking instanceof Integer rank ? rank : 0,
                    strings(properties.get(SipMethod.PROPERTY), true), strings(properties.get(SipEvent.PROPERTY), false),
                    strings(properties.get(SipRequestHandler.ACCEPT_PROPERTY), false),
                    strings(properties.get(SipRequestHandler.SUPPORTED_PROPERTY), false));
        }

        /** The handler's service object, or null if it went away in the meantime. */
        @Nullable
        SipRequestHandler handler() {
            return service.get();
        }

        /** Service order: ranking descending, then the older (lower) service id. */
        static final Comparator<Registration> PRECEDENCE = Comparator.comparingInt(Registration::ranking).reversed()
                .thenComparingLong(Registration::serviceId);
    }

    private final Map<Long, Registration> registrations = new ConcurrentHashMap<>();
    /** Method -> handlers in precedence order; replaced as a whole on each change. */
    private volatile Map<String, List<Registration>> byMethod = Map.of();

    @Reference(service = SipRequestHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addHandler(ComponentServiceObjects<SipRequestHandler> handler, Map<String, Object> properties) {
        add(Registration.of(fetchedOnFirstUse(handler), properties));
    }

    /**
     * New properties of a registered handler. Only a handler still registered is replaced: an update that arrives
     * after its removal (a bundle stopping while the handler changes its properties) must not bring the dead handler
     * back, where its older service id would win the selection and answer for a service that is gone.
     */
    void updatedHandler(ComponentServiceObjects<SipRequestHandler> handler, Map<String, Object> properties) {
        Registration updated = Registration.of(fetchedOnFirstUse(handler), properties);
        if (registrations.computeIfPresent(updated.serviceId(), (id, old) -> updated) != null) {
            LOG.debug("SIP handler {} updated for {} {}", updated.name(), updated.methods(), updated.events());
            rebuild();
        } else {
            LOG.debug("Update of SIP handler {} after its removal ignored", updated.name());
        }
    }

    void removeHandler(ComponentServiceObjects<SipRequestHandler> handler, Map<String, Object> properties) {
        Object serviceId = properties.get(Constants.SERVICE_ID);
        Registration removed = registrations.remove(serviceId instanceof Long id ? id : 0L);
        if (removed != null) {
            LOG.debug("SIP handler {} removed", removed.name());
            rebuild();
        }
    }

    /** Responses without a client transaction go to these (a retransmitted 2xx to INVITE, say). */
    private final StrayResponseHandlers strays = new StrayResponseHandlers();

    @Reference(service = SipStrayResponseHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addStrayHandler(ComponentServiceObjects<SipStrayResponseHandler> handler, Map<String, Object> properties) {
        strays.add(handler, properties);
    }

    void removeStrayHandler(ComponentServiceObjects<SipStrayResponseHandler> handler,
            Map<String, Object> properties) {
        strays.remove(properties);
    }

    StrayResponseHandlers strays() {
        return strays;
    }

    /** Adds (or replaces, by service id) one handler. */
    void add(Registration registration) {
        if (registration.methods().isEmpty()) {
            LOG.warn("SIP handler {} has no {} property: ignored", registration.name(), SipMethod.PROPERTY);
            return;
        }
        registrations.put(registration.serviceId(), registration);
        LOG.debug("SIP handler {} added for {} {}", registration.name(), registration.methods(),
                registration.events());
        rebuild();
    }

    private static Supplier<@Nullable SipRequestHandler> fetchedOnFirstUse(
            ComponentServiceObjects<SipRequestHandler> objects) {
        return new Supplier<>() {
            private volatile @Nullable SipRequestHandler handler;

            @Override
            public synchronized @Nullable SipRequestHandler get() {
                if (handler == null) {
                    handler = objects.getService();
                }
                return handler;
            }
        };
    }

    /**
     * The handler for {@code method}. For event-keyed methods pass the request's event package ({@code ""} if it
     * has none): a handler declaring that package wins over one that declares no package (a catch-all).
     */
    Optional<Registration> select(String method, @Nullable String eventPackage) {
        List<Registration> candidates = byMethod.getOrDefault(method, List.of());
        if (eventPackage == null) {
            return candidates.stream().findFirst();
        }
        return candidates.stream().filter(r -> r.events().contains(eventPackage)).findFirst()
                .or(() -> candidates.stream().filter(r -> r.events().isEmpty()).findFirst());
    }

    /** Methods that have a handler, in alphabetical order. */
    Set<String> methods() {
        return new TreeSet<>(byMethod.keySet());
    }

    /** Event packages some handler declares. */
    Set<String> eventPackages() {
        return collect(Registration::events);
    }

    /** Body types handlers declared they accept. */
    Set<String> accepted() {
        return collect(Registration::accept);
    }

    /** Option tags handlers declared they support. */
    Set<String> supported() {
        return collect(Registration::supported);
    }

    private Set<String> collect(Function<Registration, Set<String>> field) {
        Set<String> values = new TreeSet<>();
        registrations.values().forEach(r -> values.addAll(field.apply(r)));
        return values;
    }

    private synchronized void rebuild() {
        Map<String, List<Registration>> next = new ConcurrentHashMap<>();
        for (Registration registration : registrations.values()) {
            for (String method : registration.methods()) {
                next.computeIfAbsent(method, m -> new ArrayList<>()).add(registration);
            }
        }
        next.replaceAll((method, list) -> {
            list.sort(Registration.PRECEDENCE);
            logChoice(method, list);
            return List.copyOf(list);
        });
        byMethod = Map.copyOf(next);
    }

    /** Logs which handler wins where several compete for the same method (and event package). */
    private static void logChoice(String method, List<Registration> ordered) {
        Map<Set<String>, List<Registration>> byEvents = new LinkedHashMap<>();
        ordered.forEach(r -> byEvents.computeIfAbsent(r.events(), e -> new ArrayList<>()).add(r));
        byEvents.forEach((events, competing) -> {
            if (competing.size() > 1) {
                Registration winner = competing.get(0);
                LOG.info("SIP {} {}: {} (ranking {}) wins over {}", method, events,
                        winner.name(), winner.ranking(), names(competing.subList(1,
                                competing.size())));
            }
        });
    }

    private static List<String> names(Collection<Registration> registrations) {
        return registrations.stream().map(r -> r.name() + " (ranking " + r.ranking() + ")")
                .toList();
    }

    private static Set<String> strings(@Nullable Object value, boolean upperCase) {
        Set<String> result = new TreeSet<>();
        if (value instanceof String text) {
            add(result, text, upperCase);
        } else if (value instanceof String[] texts) {
            for (String text : texts) {
                add(result, text, upperCase);
            }
        } else if (value instanceof Collection<?> texts) {
            texts.forEach(text -> add(result, String.valueOf(text), upperCase));
        }
        return result;
    }

    private static void add(Set<String> result, String text, boolean upperCase) {
        String trimmed = text.trim();
        if (!trimmed.isEmpty()) {
            result.add(upperCase ? trimmed.toUpperCase(Locale.ROOT) : trimmed);
        }
    }
}
