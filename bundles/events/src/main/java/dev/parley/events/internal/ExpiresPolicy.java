package dev.parley.events.internal;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/**
 * Expires negotiation (RFC 6665 section 4.2.1.1): the notifier may shorten a requested duration but never lengthen
 * it; a non-zero one below the minimum is refused with 423 and {@code Min-Expires}.
 */
record ExpiresPolicy(int min, int defaultExpires, int max) {

    ExpiresPolicy {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("expiry bounds must satisfy 1 <= min <= max, got " + min + ", " + max);
        }
        defaultExpires = Math.max(min, Math.min(defaultExpires, max));
    }

    static ExpiresPolicy of(EventsConfig config) {
        return new ExpiresPolicy(config.min_expires(), config.default_expires(), config.max_expires());
    }

    /**
     * The granted duration in seconds for a request asking {@code requested} (null: no Expires header); 0 means
     * un-subscribe (or fetch).
     *
     * @throws ParleyException {@link ParleyError#INTERVAL_TOO_BRIEF} below the minimum
     */
    int grant(@Nullable Integer requested) {
        if (requested == null) {
            return defaultExpires;
        }
        if (requested == 0) {
            return 0;
        }
        if (requested < min) {
            throw new ParleyException(ParleyError.INTERVAL_TOO_BRIEF, "Interval Too Brief");
        }
        return Math.min(requested, max);
    }
}
