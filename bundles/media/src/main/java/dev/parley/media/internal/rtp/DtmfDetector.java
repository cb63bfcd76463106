package dev.parley.media.internal.rtp;

/**
 * Turns RFC 4733 telephone-event packets into digits, each reported once: every packet of one event (the first,
 * the updates, the three end packets) carries the event's start timestamp, so a digit is new when its timestamp is.
 */
public final class DtmfDetector {

    private static final String DIGITS = "0123456789*#ABCD";

    private long lastTimestamp = -1;

    /** The digit this packet starts, or 0 when it continues (or repeats the end of) an event already reported. */
    public char accept(long timestamp, byte[] payload, int offset, int length) {
        if (length < 4) {
            return 0;
        }
        int event = payload[offset] & 0xFF;
        if (event >= DIGITS.length() || timestamp == lastTimestamp) {
            return 0;
        }
        lastTimestamp = timestamp;
        return DIGITS.charAt(event);
    }

    /** Whether {@code digit} is one RFC 4733 events 0-15 carry. */
    public static boolean isDigit(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit)) >= 0;
    }
}
