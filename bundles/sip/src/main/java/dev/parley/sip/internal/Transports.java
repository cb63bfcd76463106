package dev.parley.sip.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sip.ObjectInUseException;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.SipStack;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.server.ListeningPoint;

/**
 * The listening points of the one {@link SipProvider}, at most one per transport (a jain-sip rule). {@link #apply}
 * closes and opens only what changed, so a new port takes effect live while the other transports keep running.
 */
final class Transports {
    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);
    /** A UDP processor with queued packets refuses removal for a moment; retry this often, 50 ms apart. */
    private static final int REMOVE_ATTEMPTS = 40;
    private static final List<String> TRANSPORT_ORDER = List.of("udp", "tcp", "ws");

    private final SipStack stack;
    /** Transport (lower case) -> open listening point. */
    private final Map<String, Open> open = new LinkedHashMap<>();
    private @Nullable SipProvider provider;

    private record Open(ListeningPoint point, javax.sip.ListeningPoint jainPoint) {
    }

    Transports(SipStack stack) {
        this.stack = stack;
    }

    /**
     * Opens {@code wanted} and creates the provider on the first that opens.
     *
     * @throws IllegalStateException if none could be opened (all ports taken, bad bind address)
     */
    synchronized SipProvider start(List<ListeningPoint> wanted) {
        apply(wanted);
        SipProvider created = provider;
        if (created == null) {
            throw new IllegalStateException("no SIP listening point could be opened: " + wanted);
        }
        return created;
    }

    /** Brings the open listening points in line with {@code wanted}, touching only the transports that changed. */
    synchronized void apply(List<ListeningPoint> wanted) {
        Map<String, ListeningPoint> wantedByTransport = new LinkedHashMap<>();
        wanted.forEach(point -> wantedByTransport.put(point.transport(), point));
        Set<String> transports = new LinkedHashSet<>(open.keySet());
        transports.addAll(wantedByTransport.keySet());
        for (String transport : transports) {
            ListeningPoint target = wantedByTransport.get(transport);
            Open current = open.get(transport);
            if (current != null && current.point().equals(target)) {
                continue;
            }
            if (current != null) {
                close(current);
            }
            if (target != null && !openPoint(target) && current != null) {
                LOG.warn("Reopening {} after {} failed", current.point(), target);
                openPoint(current.point());
            }
        }
    }

    /** The open listening points, UDP first, then TCP, then WebSocket. */
    synchronized List<ListeningPoint> current() {
        return open.values().stream().map(Open::point)
                .sorted(Comparator.comparingInt(point -> TRANSPORT_ORDER.indexOf(point.transport()))).toList();
    }

    /** Closes every listening point; the stack itself is stopped by its owner. */
    synchronized void closeAll() {
        new ArrayList<>(open.values()).forEach(this::close);
    }

    private boolean openPoint(ListeningPoint point) {
        try {
            javax.sip.ListeningPoint jainPoint = stack.createListeningPoint(point.host(), point.port(),
                    point.transport().toUpperCase(Locale.ROOT));
            SipProvider current = provider;
            if (current == null) {
                provider = stack.createSipProvider(jainPoint);
            } else {
                current.addListeningPoint(jainPoint);
            }
            open.put(point.transport(), new Open(point, jainPoint));
            LOG.info("SIP listening on {}", point);
            return true;
        } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.error("Cannot listen on {}: {}", point, e.getMessage());
            return false;
        }
    }

    private void close(Open current) {
        open.remove(current.point().transport());
        SipProvider activeProvider = provider;
        try {
            if (activeProvider != null) {
                removeFromProvider(activeProvider, current.jainPoint());
            }
            deleteListeningPoint(current.jainPoint());
            LOG.info("SIP stopped listening on {}", current.point());
        } catch (ObjectInUseException e) {
            LOG.warn("Cannot close {}: {}", current.point(), e.getMessage());
        }
    }

    /**
     * jain-sip's UDP processor creates its channel list in its own receive thread; stopped before that thread has
     * run (a bundle stopped or a port changed right after start), it throws a NullPointerException after it has
     * closed its socket and with no channel to close yet: nothing is left to release.
     */
    private void deleteListeningPoint(javax.sip.ListeningPoint point) throws ObjectInUseException {
        try {
            stack.deleteListeningPoint(point);
        } catch (NullPointerException e) {
            LOG.debug("Listening point {} stopped before its receive thread ran", point, e);
        }
    }

    private static void removeFromProvider(SipProvider provider, javax.sip.ListeningPoint point)
            throws ObjectInUseException {
        for (int attempt = 1;; attempt++) {
            try {
                provider.removeListeningPoint(point);
                return;
            } catch (ObjectInUseException e) {
                if (attempt >= REMOVE_ATTEMPTS) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static void pause() throws ObjectInUseException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectInUseException("interrupted while waiting for the listening point to drain");
        }
    }
}
