package dev.parley.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;

class SenderRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    private final SenderRateLimiter limiter = new SenderRateLimiter();

    @Test
    void aBurstPassesThenTheRateApplies() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(ALICE, 1, 3, 0);
        }
        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> limiter.acquire(ALICE, 1, 3, 0));
        assertEquals(1, refused.retryAfterSeconds());

        limiter.acquire(ALICE, 1, 3, SECOND);
        assertThrows(RateLimitedException.class, () -> limiter.acquire(ALICE, 1, 3, SECOND));
        limiter.acquire(BOB, 1, 3, SECOND);
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheNextToken() {
        limiter.acquire(ALICE, 0.25, 1, 0);

        assertEquals(4, assertThrows(RateLimitedException.class, () -> limiter.acquire(ALICE, 0.25, 1, 0))
                .retryAfterSeconds());
        assertEquals(2, assertThrows(RateLimitedException.class, () -> limiter.acquire(ALICE, 0.25, 1, 2 * SECOND))
                .retryAfterSeconds());
    }

    @Test
    void aRateOfZeroMeansNoLimit() {
        for (int i = 0; i < 1000; i++) {
            limiter.acquire(ALICE, 0, 1, 0);
        }
        assertEquals(0, limiter.size());
    }

    @Test
    void idleSendersAreForgotten() {
        limiter.acquire(ALICE, 1, 2, 0);
        limiter.acquire(BOB, 1, 2, 0);
        limiter.acquire(BOB, 1, 2, 0);

        limiter.forgetIdle(1, 2, SECOND);

        assertEquals(1, limiter.size(), "alice is full again after a second, bob not yet");
        limiter.forgetIdle(1, 2, 2 * SECOND);
        assertEquals(0, limiter.size());
    }
}
