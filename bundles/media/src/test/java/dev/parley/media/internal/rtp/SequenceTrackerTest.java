package dev.parley.media.internal.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    @Test
    void countsGapsAcrossTheWrap() {
        SequenceTracker tracker = new SequenceTracker();
        int[] received = { 65533, 65534, 0, 1, 4, 3, 5 }; // 65535 and 2 lost, 3 reordered
        for (int sequence : received) {
            tracker.received(42, sequence);
        }
        assertEquals(7, tracker.receivedPackets());
        assertEquals(2, tracker.lost());
    }

    @Test
    void duplicatesCountAsReceivedAsInRfc3550() {
        SequenceTracker tracker = new SequenceTracker();
        tracker.received(1, 10);
        tracker.received(1, 10);
        tracker.received(1, 13);
        assertEquals(3, tracker.receivedPackets());
        // 10..13 expected, 11 and 12 missing, but the duplicate of 10 counts as received (RFC 3550 A.3)
        assertEquals(1, tracker.lost());
        tracker.received(1, 11);
        tracker.received(1, 12);
        assertEquals(0, tracker.lost(), "never negative");
    }

    @Test
    void aNewSsrcStartsAFreshCountAndKeepsTheOldLoss() {
        SequenceTracker tracker = new SequenceTracker();
        tracker.received(1, 100);
        tracker.received(1, 103);
        tracker.received(2, 5000);
        tracker.received(2, 5001);
        assertEquals(4, tracker.receivedPackets());
        assertEquals(2, tracker.lost());
    }
}
