package dev.parley.media.internal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void zeroEncodesToTheSilenceBytes() {
        assertEquals(G711.ULAW_SILENCE, G711.encodeUlaw((short) 0));
        assertEquals(G711.ALAW_SILENCE, G711.encodeAlaw((short) 0));
        assertEquals(0, G711.decodeUlaw(G711.ULAW_SILENCE));
        assertEquals(8, Math.abs(G711.decodeAlaw(G711.ALAW_SILENCE)), "A-law has no exact zero");
    }

    @Test
    void knownCodeWords() {
        assertEquals(32124, G711.decodeUlaw((byte) 0x80));
        assertEquals(-32124, G711.decodeUlaw((byte) 0x00));
        assertEquals(32256, G711.decodeAlaw((byte) 0xAA));
        assertEquals(-32256, G711.decodeAlaw((byte) 0x2A));
    }

    @Test
    void roundTripErrorStaysWithinTheQuantisationStep() {
        for (int sample = -32768; sample <= 32767; sample += 7) {
            short s = (short) sample;
            int tolerance = Math.max(16, Math.abs(sample) / 16); // logarithmic: about 4 bits of mantissa
            assertTrue(Math.abs(G711.decodeUlaw(G711.encodeUlaw(s)) - sample) <= tolerance, "mu-law " + sample);
            assertTrue(Math.abs(G711.decodeAlaw(G711.encodeAlaw(s)) - sample) <= tolerance, "A-law " + sample);
        }
    }

    @Test
    void everyCodeWordSurvivesDecodeThenEncode() {
        for (int b = 0; b < 256; b++) {
            if (b != 0x7F) { // mu-law has two zeros (0x7F and 0xFF): both decode to 0, which encodes to 0xFF
                assertEquals((byte) b, G711.encodeUlaw(G711.decodeUlaw((byte) b)), "mu-law " + b);
            }
            assertEquals((byte) b, G711.encodeAlaw(G711.decodeAlaw((byte) b)), "A-law " + b);
        }
    }
}
