package dev.parley.media.internal.rtp;

/**
 * Counts received and lost packets from RTP sequence numbers, with wrap-around (RFC 3550 appendix A.1, simplified:
 * a new SSRC restarts the count base, and reordered or duplicated packets are not lost).
 */
public final class SequenceTracker {

    private long ssrc = -1;
    private long base;
    private long highest; // extended: cycles * 65536 + sequence number
    private long received;
    private long receivedBefore; // packets of earlier SSRCs
    private long lostBefore;

    public void received(long packetSsrc, int sequenceNumber) {
        if (packetSsrc != ssrc) {
            lostBefore = lost();
            receivedBefore += currentReceived();
            ssrc = packetSsrc;
            base = sequenceNumber;
            highest = sequenceNumber;
            received = 1;
            return;
        }
        received++;
        long cycles = highest & ~0xFFFFL;
        int last = (int) (highest & 0xFFFF);
        int delta = (sequenceNumber - last) & 0xFFFF;
        if (delta != 0 && delta < 0x8000) { // ahead of the highest, possibly across a wrap
            long extended = cycles + sequenceNumber;
            if (sequenceNumber < last) {
                extended += 0x10000;
            }
            highest = extended;
        }
    }

    private long currentReceived() {
        return ssrc < 0 ? 0 : received;
    }

    public long receivedPackets() {
        return receivedBefore + currentReceived();
    }

    /** Packets expected from the sequence numbers seen but never received (never negative). */
    public long lost() {
        if (ssrc < 0) {
            return lostBefore;
        }
        long expected = highest - base + 1;
        return lostBefore + Math.max(0, expected - received);
    }
}
