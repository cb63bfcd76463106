package dev.parley.registration.internal;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/** A contact asked for a non-zero expiry below the minimum: answered 423 with {@code Min-Expires}. */
public class IntervalTooBriefException extends ParleyException {
    private static final long serialVersionUID = 1L;

    private final int minExpires;

    public IntervalTooBriefException(int minExpires) {
        super(ParleyError.INTERVAL_TOO_BRIEF, "Interval Too Brief");
        this.minExpires = minExpires;
    }

    public int minExpires() {
        return minExpires;
    }
}
