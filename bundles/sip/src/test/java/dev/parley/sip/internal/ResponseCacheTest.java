package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.parley.sip.internal.ResponseCache.State;

class ResponseCacheTest {
    private static final int RING = 64 * 1024;
    private final ResponseCache cache = new ResponseCache(RING);

    @Test
    void aRequestIsNewThenInProgressThenAnsweredWithItsResponse() {
        assertEquals(State.NEW, cache.begin("z9hG4bK1 host:5060 REGISTER", 1_000).state());
        assertEquals(State.IN_PROGRESS, cache.begin("z9hG4bK1 host:5060 REGISTER", 1_100).state());

        byte[] ok = "SIP/2.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        cache.complete("z9hG4bK1 host:5060 REGISTER", ok, 1_200);

        ResponseCache.Lookup again = cache.begin("z9hG4bK1 host:5060 REGISTER", 1_300);
        assertEquals(State.COMPLETED, again.state());
        assertArrayEquals(ok, again.response());
        assertEquals(State.NEW, cache.begin("z9hG4bK1 host:5060 CANCEL", 1_300).state(), "the method is in the key");
        assertEquals(State.NEW, cache.begin("z9hG4bK1 other:5060 REGISTER", 1_300).state(), "so is the sent-by");
    }

    @Test
    void entriesLast32Seconds() {
        cache.complete("k", new byte[] { 1 }, 0);
        assertEquals(State.COMPLETED, cache.begin("k", ResponseCache.LIFETIME_MILLIS).state());
        assertEquals(State.NEW, cache.begin("k", ResponseCache.LIFETIME_MILLIS + 1).state());
    }

    @Test
    void theOldestEntriesAreOverwrittenWhenTheRingWrapsAndTheRecentOnesStay() {
        byte[] response = new byte[500];
        int entries = 4 * RING / response.length; // four times round the ring
        for (int i = 0; i < entries; i++) {
            response[0] = (byte) i;
            cache.complete("branch-" + i, response, 0);
        }
        assertEquals(State.NEW, cache.begin("branch-0", 0).state());
        for (int i = entries - 100; i < entries; i++) {
            ResponseCache.Lookup recent = cache.begin("branch-" + i, 0);
            assertEquals(State.COMPLETED, recent.state(), "branch-" + i);
            assertEquals((byte) i, recent.response()[0]);
            assertEquals(500, recent.response().length);
        }
    }

    @Test
    void absurdKeysAndHugeResponsesAreNotCached() {
        String longKey = "x".repeat(ResponseCache.MAX_KEY_BYTES + 1);
        assertEquals(State.NEW, cache.begin(longKey, 0).state());
        assertEquals(State.NEW, cache.begin(longKey, 0).state());

        cache.complete("big", new byte[RING / 2], 0);
        assertEquals(State.NEW, cache.begin("big", 0).state());
    }

    @Test
    void aRingSmallerThan64KiBIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ResponseCache(1024));
    }
}
