package dev.parley.sip.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sip.ResponseEvent;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.sip.spi.SipStrayResponseHandler;

/**
 * The {@link SipStrayResponseHandler} services, in {@code service.ranking} order. Bound through {@link HandlerRegistry}
 * and fetched on first use, for the same reason as request handlers: a handler needs {@code SipCore}, which needs
 * the registry.
 */
final class StrayResponseHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(StrayResponseHandlers.class);

    /** One bound handler service. */
    private static final class Entry {
        private final ComponentServiceObjects<SipStrayResponseHandler> objects;
        private final long serviceId;
        private final int ranking;
        private @Nullable SipStrayResponseHandler handler;

        Entry(ComponentServiceObjects<SipStrayResponseHandler> objects, long serviceId, int ranking) {
            this.objects = objects;
            this.serviceId = serviceId;
            this.ranking = ranking;
        }

        synchronized @Nullable SipStrayResponseHandler handler() {
            if (handler == null) {
                handler = objects.getService();
            }
            return handler;
        }
    }

    private static final Comparator<Entry> PRECEDENCE = Comparator.<Entry>comparingInt(e -> e.ranking).reversed()
            .thenComparingLong(e -> e.serviceId);

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private volatile List<Entry> ordered = List.of();

    void add(ComponentServiceObjects<SipStrayResponseHandler> objects, Map<String, ?> properties) {
        long serviceId = properties.get(Constants.SERVICE_ID) instanceof Long id ? id : 0L;
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer rank ? rank : 0;
        entries.put(serviceId, new Entry(objects, serviceId, ranking));
        rebuild();
    }

    void remove(Map<String, ?> properties) {
        if (entries.remove(properties.get(Constants.SERVICE_ID)) != null) {
            rebuild();
        }
    }

    private synchronized void rebuild() {
        ordered = entries.values().stream().sorted(PRECEDENCE).toList();
    }

    /** Offers {@code event} to the handlers in order; true when one took it. A failing handler is logged, skipped. */
    boolean offer(ResponseEvent event) {
        for (Entry entry : ordered) {
            SipStrayResponseHandler handler = entry.handler();
            try {
                if (handler != null && handler.handleStray(event)) {
                    return true;
                }
            } catch (Exception | LinkageError failure) {
                LOG.error("Stray response handler {} failed", handler.getClass().getName(), failure);
            }
        }
        return false;
    }
}
