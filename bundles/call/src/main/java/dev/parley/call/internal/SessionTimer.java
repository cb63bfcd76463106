package dev.parley.call.internal;

import java.util.concurrent.ScheduledFuture;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.call.internal.CallSession.Side;

/**
 * The session timer (RFC 4028) of one call: what the caller's INVITE asked for, what was negotiated with the answer,
 * and the timer that ends the call when no refresh comes in time. Guarded by the lock of its {@link CallSession};
 * not persisted (a call restored from the store is guarded by the maximum call duration instead).
 */
public final class SessionTimer {

    private long requestedSeconds;
    /** A callee's Min-SE (422) above what was offered: the interval offered from then on. */
    private long raisedSeconds;
    private boolean callerSupportsTimer;
    private @Nullable Side refresher;
    private long intervalSeconds;
    private @Nullable ScheduledFuture<?> expiry;

    /** The caller's Session-Expires (0: none) and whether its INVITE said {@code Supported: timer}. */
    public void requested(long seconds, boolean supportsTimer) {
        this.requestedSeconds = seconds;
        this.callerSupportsTimer = supportsTimer;
    }

    public long requestedSeconds() {
        return requestedSeconds;
    }

    public void raise(long seconds) {
        this.raisedSeconds = seconds;
    }

    public long raisedSeconds() {
        return raisedSeconds;
    }

    public boolean callerSupportsTimer() {
        return callerSupportsTimer;
    }

    /** Negotiated at the answer: {@code refresher} refreshes every {@code seconds} (then the timer is armed). */
    public void negotiated(Side refresher, long seconds) {
        this.refresher = refresher;
        this.intervalSeconds = seconds;
    }

    /** The party that refreshes the session, or {@code null} when neither does (no timer runs). */
    public @Nullable Side refresher() {
        return refresher;
    }

    public long intervalSeconds() {
        return intervalSeconds;
    }

    /** Replaces the expiry timer (a refresh came); the previous one is cancelled. */
    public void arm(ScheduledFuture<?> next) {
        cancel();
        this.expiry = next;
    }

    /** Whether a session timer guards the call (else the maximum call duration does). */
    public boolean armed() {
        return expiry != null;
    }

    public void cancel() {
        ScheduledFuture<?> current = expiry;
        if (current != null) {
            current.cancel(false);
        }
    }
}
