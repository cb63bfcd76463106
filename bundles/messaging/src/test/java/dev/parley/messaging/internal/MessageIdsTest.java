package dev.parley.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MessageIdsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");

    @Test
    void idsAreVersion7UuidsCarryingTheirMillisecond() {
        UUID id = UUID.fromString(MessageIds.next(NOW));

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(NOW.toEpochMilli(), id.getMostSignificantBits() >>> 16);
    }

    @Test
    void laterIdsSortAfterEarlierOnesAndNoneRepeats() {
        String earlier = MessageIds.next(NOW);
        String later = MessageIds.next(NOW.plusMillis(1));
        Set<String> sameMillisecond = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            sameMillisecond.add(MessageIds.next(NOW));
        }

        assertTrue(earlier.compareTo(later) < 0);
        assertEquals(10_000, sameMillisecond.size());
    }
}
