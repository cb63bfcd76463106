package dev.parley.media.internal.audio;

/**
 * Turns one codec's RTP payload into 8 kHz 16-bit samples and back: the common ground of prompts, conference mixing
 * and the recording of codecs other than G.711. One instance per session: decode is called by one thread (the
 * receive thread) and encode by another (the clock thread), so the two must not share state.
 */
public interface AudioCodec extends AutoCloseable {

    /** Decodes one payload into {@code out} (at least 960 samples long); returns the number of samples. */
    int decode(byte[] payload, int offset, int length, short[] out);

    /** Encodes {@code count} samples (one 20 ms frame: 160) into {@code out}; returns the payload length. */
    int encode(short[] samples, int count, byte[] out);

    /** Frees native state, if any. */
    @Override
    void close();
}
