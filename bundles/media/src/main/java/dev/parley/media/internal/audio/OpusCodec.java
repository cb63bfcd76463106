package dev.parley.media.internal.audio;

/**
 * Opus through libjitsi's binding of libopus, run at 8 kHz mono on Parley's side (libopus resamples internally;
 * the RTP clock stays 48 kHz, RFC 7587).
 */
public final class OpusCodec implements AudioCodec {

    private static final int RATE = 8000;
    private static final int MAX_FRAME = 960; // 120 ms at 8 kHz
    private final OpusBinding opus;
    private final long decoder;
    private final long encoder;
    // separate buffers: decode runs on the receive thread while encode runs on the clock thread
    private final byte[] decoded = new byte[2 * MAX_FRAME];
    private final byte[] toEncode = new byte[2 * MAX_FRAME];

    public OpusCodec(OpusBinding opus) {
        this.opus = opus;
        decoder = opus.decoderCreate(RATE, 1);
        encoder = opus.encoderCreate(RATE, 1);
        if (decoder == 0 || encoder == 0) {
            close();
            throw new IllegalStateException("libopus refused to create a codec");
        }
        opus.encoderSetBitrate(encoder, 24000);
    }

    @Override
    public int decode(byte[] payload, int offset, int length, short[] out) {
        int count = opus.decode(decoder, payload, offset, length, decoded, Math.min(MAX_FRAME, out.length));
        if (count < 0) {
            return 0;
        }
        for (int i = 0; i < count; i++) {
            out[i] = (short) ((decoded[2 * i] & 0xFF) | (decoded[2 * i + 1] << 8));
        }
        return count;
    }

    @Override
    public int encode(short[] samples, int count, byte[] out) {
        for (int i = 0; i < count; i++) {
            toEncode[2 * i] = (byte) samples[i];
            toEncode[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return Math.max(opus.encode(encoder, toEncode, count, out, out.length), 0);
    }

    @Override
    public void close() {
        if (decoder != 0) {
            opus.decoderDestroy(decoder);
        }
        if (encoder != 0) {
            opus.encoderDestroy(encoder);
        }
    }
}
