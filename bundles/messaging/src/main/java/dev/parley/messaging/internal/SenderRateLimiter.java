package dev.parley.messaging.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.parley.api.common.SipAddress;

/**
 * A token bucket per sender: {@code burst} messages at once, refilled at {@code rate} per second. Kept in memory
 * only: a restart forgives everyone, which is harmless for a flood guard.
 */
final class SenderRateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ConcurrentMap<SipAddress, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Takes one token of {@code sender} at {@code nanoTime}; throws {@link RateLimitedException} with the whole
     * seconds until the next token when there is none. A rate of 0 or less means no limit.
     */
    void acquire(SipAddress sender, double rate, int burst, long nanoTime) {
        if (rate <= 0) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(sender, s -> new Bucket(burst, nanoTime));
        double missing = bucket.take(rate, burst, nanoTime);
        if (missing > 0) {
            throw new RateLimitedException((int) Math.max(1, Math.ceil(missing / rate)));
        }
    }

    /** Forgets the senders whose bucket has been full again for a while, so idle senders cost no memory. */
    void forgetIdle(double rate, int burst, long nanoTime) {
        buckets.values().removeIf(bucket -> bucket.isFull(rate, burst, nanoTime));
    }

    int size() {
        return buckets.size();
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int burst, long nanoTime) {
            this.tokens = burst;
            this.updated = nanoTime;
        }

        /** Takes a token if there is one and returns 0; else returns how many tokens are missing (for Retry-After). */
        synchronized double take(double rate, int burst, long nanoTime) {
            refill(rate, burst, nanoTime);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return 1 - tokens;
        }

        synchronized boolean isFull(double rate, int burst, long nanoTime) {
            refill(rate, burst, nanoTime);
            return tokens >= burst;
        }

        private void refill(double rate, int burst, long nanoTime) {
            long elapsed = Math.max(0, nanoTime - updated);
            tokens = Math.min(burst, tokens + rate * elapsed / NANOS_PER_SECOND);
            updated = nanoTime;
        }
    }
}
