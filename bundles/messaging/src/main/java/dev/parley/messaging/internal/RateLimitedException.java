package dev.parley.messaging.internal;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/** A sender over its rate: answered 503 with {@code Retry-After} {@link #retryAfterSeconds()}. */
public class RateLimitedException extends ParleyException {
    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public RateLimitedException(int retryAfterSeconds) {
        super(ParleyError.LIMIT_EXCEEDED, "Message rate exceeded");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
