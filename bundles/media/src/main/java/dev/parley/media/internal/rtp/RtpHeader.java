package dev.parley.media.internal.rtp;

/**
 * The fixed RTP header (RFC 3550 section 5.1) of one received packet, parsed in place; reused by the receive thread
 * for every packet.
 */
public final class RtpHeader {

    static final int FIXED_SIZE = 12;

    private int payloadType;
    private boolean marker;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private int payloadOffset;
    private int payloadLength;

    /** Parses {@code packet[0..length)}; false for anything that is not a version 2 RTP packet. */
    public boolean parse(byte[] packet, int length) {
        if (length < FIXED_SIZE || (packet[0] & 0xC0) != 0x80) {
            return false;
        }
        int csrcCount = packet[0] & 0x0F;
        boolean padding = (packet[0] & 0x20) != 0;
        boolean extension = (packet[0] & 0x10) != 0;
        marker = (packet[1] & 0x80) != 0;
        payloadType = packet[1] & 0x7F;
        sequenceNumber = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
        timestamp = readUnsignedInt(packet, 4);
        ssrc = readUnsignedInt(packet, 8);
        int offset = FIXED_SIZE + 4 * csrcCount;
        if (extension) {
            if (offset + 4 > length) {
                return false;
            }
            offset += 4 + 4 * (((packet[offset + 2] & 0xFF) << 8) | (packet[offset + 3] & 0xFF));
        }
        int end = length;
        if (padding) {
            end -= packet[length - 1] & 0xFF;
        }
        if (offset > end) {
            return false;
        }
        payloadOffset = offset;
        payloadLength = end - offset;
        return true;
    }

    /** Writes a fixed header without CSRCs or extension into {@code packet}; returns its size. */
    public static int write(byte[] packet, int payloadType, boolean marker, int sequenceNumber, long timestamp,
            long ssrc) {
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        packet[2] = (byte) (sequenceNumber >> 8);
        packet[3] = (byte) sequenceNumber;
        writeInt(packet, 4, timestamp);
        writeInt(packet, 8, ssrc);
        return FIXED_SIZE;
    }

    private static long readUnsignedInt(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8)
                | (b[at + 3] & 0xFF);
    }

    private static void writeInt(byte[] b, int at, long value) {
        b[at] = (byte) (value >> 24);
        b[at + 1] = (byte) (value >> 16);
        b[at + 2] = (byte) (value >> 8);
        b[at + 3] = (byte) value;
    }

    public int payloadType() {
        return payloadType;
    }

    public boolean marker() {
        return marker;
    }

    public int sequenceNumber() {
        return sequenceNumber;
    }

    public long timestamp() {
        return timestamp;
    }

    public long ssrc() {
        return ssrc;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }
}
