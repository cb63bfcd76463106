package dev.parley.media.internal.audio;

import org.jitsi.impl.neomedia.codec.audio.opus.Opus;

/**
 * Opus through libjitsi's JNI binding and its bundled libopus, run at 8 kHz mono on Parley's side (opus resamples
 * internally; the RTP clock stays 48 kHz, RFC 7587).
 */
public final class OpusCodec implements AudioCodec {

    private static final int RATE = 8000;
    private static final int MAX_FRAME = 960; // 120 ms at 8 kHz
    private final long decoder;
    private final long encoder;
    // separate buffers: decode runs on the receive thread while encode runs on the clock thread
    private final byte[] decoded = new byte[2 * MAX_FRAME];
    private final byte[] toEncode = new byte[2 * MAX_FRAME];

    public OpusCodec() {
        decoder = Opus.decoder_create(RATE, 1);
        encoder = Opus.encoder_create(RATE, 1);
        if (decoder == 0 || encoder == 0) {
            close();
            throw new IllegalStateException("libopus refused to create a codec");
        }
        Opus.encoder_set_bitrate(encoder, 24000);
    }

    /** Whether libjitsi's opus binding loads here (its native library is bundled for the usual platforms). */
    public static boolean available() {
        try {
            Opus.assertOpusIsFunctional();
            return true;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: opus is simply not offered
            return false;
        }
    }

    @Override
    public int decode(byte[] payload, int offset, int length, short[] out) {
        int count = Opus.decode(decoder, payload, offset, length, decoded, 0, Math.min(MAX_FRAME, out.length), 0);
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
        int length = Opus.encode(encoder, toEncode, 0, count, out, 0, out.length);
        return Math.max(length, 0);
    }

    @Override
    public void close() {
        if (decoder != 0) {
            Opus.decoder_destroy(decoder);
        }
        if (encoder != 0) {
            Opus.encoder_destroy(encoder);
        }
    }
}
