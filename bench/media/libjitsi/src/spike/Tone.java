package spike;

import dev.parley.media.internal.audio.G711;
import dev.parley.media.internal.rtp.RtpHeader;

/** Reading tones out of PCMU packets: decoding, an audibility threshold and a Goertzel filter. */
final class Tone {
    /** Mean power below this (an amplitude of ~100 of 32767) counts as a silent frame. */
    private static final long AUDIBLE_POWER = 100 * 100;

    private Tone() {
    }

    /** Decodes the PCMU payload of {@code packet[0..length)} into {@code samples}; -1 when it is no PCMU packet. */
    static int decodePcmu(byte[] packet, int length, RtpHeader header, int[] samples) {
        if (!header.parse(packet, length) || header.payloadType() != 0) {
            return -1; // RTCP or another payload: no audio we can read
        }
        for (int i = 0; i < header.payloadLength(); i++) {
            samples[i] = G711.decodeUlaw(packet[header.payloadOffset() + i]);
        }
        return header.payloadLength();
    }

    static boolean audible(int[] samples, int count) {
        long energy = 0;
        for (int i = 0; i < count; i++) {
            energy += (long) samples[i] * samples[i];
        }
        return count > 0 && energy / count >= AUDIBLE_POWER;
    }

    /** Power of {@code frequency} (8 kHz sampling) in {@code samples}, as a share of the block's energy: 0..~1. */
    static double share(int[] samples, int count, double frequency) {
        return share(samples, count, frequency, 8000);
    }

    static double share(int[] samples, int count, double frequency, int sampleRate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = 0; i < count; i++) {
            double s = samples[i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
            energy += (double) samples[i] * samples[i];
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return energy == 0 ? 0 : 2 * power / (count * energy);
    }
}
