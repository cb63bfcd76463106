package dev.parley.call.internal.sip;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retransmits the 2xx Parley sent to an INVITE until its ACK arrives (RFC 3261 section 13.3.1.4): T1, doubling to
 * T2, for at most 64*T1. The INVITE server transaction ends with the 2xx and the stack keeps no dialog, so this is
 * the UAS core's job. Keyed by the dialog (Call-ID and Parley's tag) and the INVITE's CSeq.
 */
public final class OkRetransmissions {
    private static final Logger LOG = LoggerFactory.getLogger(OkRetransmissions.class);
    static final long T1_MS = 500;
    static final long T2_MS = 4000;
    static final long GIVE_UP_MS = 64 * T1_MS;

    /** Told when no ACK came in time, to end the call. */
    public interface NoAck {
        void noAck(String key);
    }

    private final ScheduledExecutorService timers;
    private final SipProvider provider;
    private final NoAck noAck;
    private final ConcurrentMap<String, Retransmission> pending = new ConcurrentHashMap<>();

    /** One 2xx awaiting its ACK. */
    private final class Retransmission {
        private final String key;
        private final Response ok;
        private volatile boolean acknowledged;
        private volatile @Nullable ScheduledFuture<?> next;

        Retransmission(String key, Response ok) {
            this.key = key;
            this.ok = ok;
        }

        void schedule(long interval, long elapsed) {
            next = timers.schedule(() -> fire(interval, elapsed + interval), interval, TimeUnit.MILLISECONDS);
        }

        private void fire(long interval, long elapsed) {
            if (acknowledged) {
                return;
            }
            if (elapsed >= GIVE_UP_MS) {
                pending.remove(key, this);
                LOG.info("No ACK for the 2xx of {}: ending the call", key.replace('\n', ' '));
                noAck.noAck(key);
                return;
            }
            try {
                provider.sendResponse(ok);
            } catch (SipException e) {
                LOG.debug("2xx retransmission failed: {}", e.getMessage());
            }
            schedule(Math.min(interval * 2, T2_MS), elapsed);
        }

        void stop() {
            acknowledged = true;
            ScheduledFuture<?> future = next;
            if (future != null) {
                future.cancel(false);
            }
        }
    }

    public OkRetransmissions(ScheduledExecutorService timers, SipProvider provider, NoAck noAck) {
        this.timers = timers;
        this.provider = provider;
        this.noAck = noAck;
    }

    public static String key(String dialogKey, long cseq) {
        return dialogKey + '\n' + cseq;
    }

    /** Starts retransmitting {@code ok} (already sent once). */
    public void start(String key, Response ok) {
        Retransmission retransmission = new Retransmission(key, ok);
        Retransmission previous = pending.put(key, retransmission);
        if (previous != null) {
            previous.stop();
        }
        retransmission.schedule(T1_MS, 0);
    }

    /** The ACK arrived: stop. True when a retransmission was pending for it. */
    public boolean acknowledged(String key) {
        Retransmission retransmission = pending.remove(key);
        if (retransmission != null) {
            retransmission.stop();
            return true;
        }
        return false;
    }

    /** Stops every retransmission (deactivation). */
    public void stopAll() {
        pending.values().forEach(Retransmission::stop);
        pending.clear();
    }
}
