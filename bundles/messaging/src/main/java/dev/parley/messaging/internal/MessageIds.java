package dev.parley.messaging.internal;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Message ids as time-ordered UUIDs (the version 7 layout of RFC 9562: 48 bits of Unix milliseconds, then random
 * bits). Ids made close in time sort next to each other, so the store's primary-key index stays compact and the
 * rows that are being delivered share a few hot pages, where random (version 4) ids would touch a page anywhere in
 * the index for every insert and every state change.
 */
final class MessageIds {

    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;

    private MessageIds() {
    }

    static String next(Instant now) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (now.toEpochMilli() << 16) | VERSION_7 | (random.nextLong() & 0x0FFFL);
        long least = VARIANT_RFC | (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(most, least).toString();
    }
}
