package dev.parley.media.internal.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DtmfDetectorTest {

    private static byte[] event(int event, boolean end, int duration) {
        return new byte[] { (byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration };
    }

    @Test
    void oneDigitPerEventWhateverTheRetransmissions() {
        DtmfDetector detector = new DtmfDetector();
        assertEquals('5', detector.accept(1000, event(5, false, 160), 0, 4));
        assertEquals(0, detector.accept(1000, event(5, false, 320), 0, 4));
        for (int i = 0; i < 3; i++) { // the end packet is sent three times (RFC 4733 section 2.5.1.4)
            assertEquals(0, detector.accept(1000, event(5, true, 800), 0, 4));
        }
        assertEquals('5', detector.accept(2600, event(5, false, 160), 0, 4), "the same digit again is a new event");
    }

    @Test
    void anEventSeenOnlyByItsEndPacketsIsStillReported() {
        DtmfDetector detector = new DtmfDetector();
        assertEquals('#', detector.accept(5000, event(11, true, 800), 0, 4));
        assertEquals(0, detector.accept(5000, event(11, true, 800), 0, 4));
    }

    @Test
    void mapsAllSixteenEventsAndIgnoresOthers() {
        DtmfDetector detector = new DtmfDetector();
        String digits = "0123456789*#ABCD";
        for (int e = 0; e < 16; e++) {
            assertEquals(digits.charAt(e), detector.accept(e * 1000L, event(e, false, 160), 0, 4));
        }
        assertEquals(0, detector.accept(99_000, event(16, false, 160), 0, 4), "flash is not a digit");
        assertEquals(0, detector.accept(100_000, new byte[] { 1, 2 }, 0, 2), "truncated payload");
    }

    @Test
    void digitValidation() {
        assertTrue(DtmfDetector.isDigit('7'));
        assertTrue(DtmfDetector.isDigit('#'));
        assertTrue(DtmfDetector.isDigit('d'));
        assertFalse(DtmfDetector.isDigit('x'));
    }
}
