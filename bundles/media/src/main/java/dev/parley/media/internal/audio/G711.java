package dev.parley.media.internal.audio;

/**
 * ITU-T G.711 mu-law and A-law, by table: decoding is one lookup per byte, encoding one per 16-bit sample, which is
 * what lets the recorder and the mixer handle hundreds of streams on a couple of cores.
 */
public final class G711 {

    /** The mu-law byte of a zero sample (written for lost packets). */
    public static final byte ULAW_SILENCE = (byte) 0xFF;
    /** The A-law byte of a zero sample. */
    public static final byte ALAW_SILENCE = (byte) 0xD5;

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    private static final byte[] LINEAR_TO_ULAW = new byte[65536];
    private static final byte[] LINEAR_TO_ALAW = new byte[65536];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = ulawToLinear((byte) i);
            ALAW_TO_LINEAR[i] = alawToLinear((byte) i);
        }
        for (int i = 0; i < 65536; i++) {
            LINEAR_TO_ULAW[i] = linearToUlaw((short) i);
            LINEAR_TO_ALAW[i] = linearToAlaw((short) i);
        }
    }

    private G711() {
    }

    public static short decodeUlaw(byte b) {
        return ULAW_TO_LINEAR[b & 0xFF];
    }

    public static short decodeAlaw(byte b) {
        return ALAW_TO_LINEAR[b & 0xFF];
    }

    public static byte encodeUlaw(short sample) {
        return LINEAR_TO_ULAW[sample & 0xFFFF];
    }

    public static byte encodeAlaw(short sample) {
        return LINEAR_TO_ALAW[sample & 0xFFFF];
    }

    private static short ulawToLinear(byte ulaw) {
        int u = ~ulaw & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    private static short alawToLinear(byte alaw) {
        int a = (alaw & 0xFF) ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        if (segment == 0) {
            t += 8;
        } else {
            t = (t + 0x108) << (segment - 1);
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    private static byte linearToUlaw(short sample) {
        final int bias = 0x84;
        final int clip = 32635;
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        if (pcm > clip) {
            pcm = clip;
        }
        pcm += bias;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    private static byte linearToAlaw(short sample) {
        int pcm = sample;
        int sign = pcm >= 0 ? 0x80 : 0x00;
        if (pcm < 0) {
            pcm = -pcm - 1;
        }
        if (pcm > 32767) {
            pcm = 32767;
        }
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = exponent == 0 ? (pcm >> 4) & 0x0F : (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ((sign | (exponent << 4) | mantissa) ^ 0x55);
    }
}
