package dev.parley.media.internal.audio;

/**
 * G.722 for a session: decodes to 16 kHz (recorded as such), and encodes the engine's 8 kHz frames (prompts,
 * conference mixes) after doubling their rate by linear interpolation. The RTP clock stays 8000 (RFC 3551).
 */
public final class G722Codec implements AudioCodec {

    public static final int SAMPLE_RATE = 16000;

    private final G722.Encoder encoder = new G722.Encoder();
    private final G722.Decoder decoder = new G722.Decoder();
    private short[] wideband = new short[320];
    private int previous; // the last 8 kHz sample encoded: interpolation across frames

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public int decode(byte[] payload, int offset, int length, short[] out) {
        return decoder.decode(payload, offset, length, out);
    }

    @Override
    public int encode(short[] samples, int count, byte[] out) {
        if (wideband.length < 2 * count) {
            wideband = new short[2 * count];
        }
        for (int i = 0; i < count; i++) {
            wideband[2 * i] = (short) ((previous + samples[i]) >> 1);
            wideband[2 * i + 1] = samples[i];
            previous = samples[i];
        }
        return encoder.encode(wideband, 2 * count, out);
    }

    /** Halves the rate of {@code count} 16 kHz samples into {@code out} (each pair averaged); returns the count. */
    public static int downsample(short[] samples, int count, short[] out) {
        int half = count / 2;
        for (int i = 0; i < half; i++) {
            out[i] = (short) ((samples[2 * i] + samples[2 * i + 1]) >> 1);
        }
        return half;
    }

    @Override
    public void close() {
        // no native state
    }
}
