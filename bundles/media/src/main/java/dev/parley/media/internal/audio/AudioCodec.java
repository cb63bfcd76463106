package dev.parley.media.internal.audio;

/**
 * Turns one codec's RTP payload into 16-bit samples at {@link #sampleRate()} and 8 kHz samples back into payload:
 * the common ground of prompts, conference mixing (both 8 kHz) and the recording of codecs other than G.711. One
 * instance per session: decode is called by one thread (the receive thread) and encode by another (the clock
 * thread), so the two must not share state.
 */
public interface AudioCodec extends AutoCloseable {

    /** The rate of the samples {@link #decode} gives: 8000, or 16000 for a wideband codec. */
    default int sampleRate() {
        return 8000;
    }

    /** Decodes one payload into {@code out} (at least 960 samples long); returns the number of samples. */
    int decode(byte[] payload, int offset, int length, short[] out);

    /** Encodes {@code count} samples (one 20 ms frame: 160) into {@code out}; returns the payload length. */
    int encode(short[] samples, int count, byte[] out);

    /** Frees native state, if any. */
    @Override
    void close();
}
