package dev.parley.media.internal.audio;

/**
 * ITU-T G.722 sub-band ADPCM at 64 kbit/s (mode 1): 16 kHz 16-bit samples, two per code byte. Written from the
 * algorithm of the Recommendation: a 24-tap quadrature mirror filter pair splits the signal into a lower band coded
 * with 6-bit ADPCM and a higher band coded with 2-bit ADPCM, each with its own scale factor and pole/zero adaptive
 * predictor (the lower band's predictor follows the 4-bit core of its code, so 48 and 56 kbit/s decoders could
 * follow the same stream). The QMF works on 16-bit samples scaled as common G.722 implementations do (sub-band
 * signals at half the input amplitude), so that levels match other endpoints.
 */
public final class G722 {

    /** QMF coefficients h0..h11; the filter's 24 taps are these and their mirror image. */
    private static final int[] QMF = { 3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876 };

    /** Lower band: decision levels of the 6-bit quantizer (scaled by the step size). */
    private static final int[] Q6 = { 0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714,
            786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919 };
    /** Lower band: 6-bit codes of the quantizer intervals, for negative and positive differences. */
    private static final int[] ILN = { 0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15,
            14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4 };
    private static final int[] ILP = { 0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43,
            42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32 };
    /** Lower band: inverse quantizer of the 4-bit core (feeds the predictor). */
    private static final int[] QM4 = { 0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968,
            6288, 4240, 2584, 1200, 0 };
    /** Lower band: inverse quantizer of the full 6-bit code (the decoder's output at 64 kbit/s). */
    private static final int[] QM6 = { -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280,
            -11192, -10232, -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168,
            -2776, -2400, -2032, -1688, -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192,
            10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688,
            1360, 1040, 728, 432, 136, -432, -136 };
    /** Lower band: log scale factor multipliers, indexed through RL42 by the 4-bit core. */
    private static final int[] WL = { -60, -30, 58, 172, 334, 538, 1198, 3042 };
    private static final int[] RL42 = { 0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0 };
    /** Higher band: inverse quantizer, log scale factor multipliers (through RH2) and codes. */
    private static final int[] QM2 = { -7408, -1616, 7408, 1616 };
    private static final int[] WH = { 0, -214, 798 };
    private static final int[] RH2 = { 2, 1, 2, 1 };
    private static final int[] IHN = { 0, 1, 0 };
    private static final int[] IHP = { 0, 3, 2 };
    /** Antilog table of the scale factors. */
    private static final int[] ILB = { 2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656,
            2714, 2774, 2834, 2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838,
            3922, 4008 };

    private G722() {
    }

    /** Encodes 16 kHz samples; one instance per stream (it keeps the filter and predictor state). */
    public static final class Encoder {
        private final int[] history = new int[24]; // newest first
        private final Band low = Band.lower();
        private final Band high = Band.higher();

        /** Encodes {@code count} (even) samples into {@code count / 2} bytes of {@code out}; returns that length. */
        public int encode(short[] samples, int count, byte[] out) {
            int length = 0;
            for (int i = 0; i + 1 < count; i += 2) {
                System.arraycopy(history, 0, history, 2, 22);
                history[1] = samples[i];
                history[0] = samples[i + 1];
                int even = 0;
                int odd = 0;
                for (int k = 0; k < 12; k++) {
                    even += history[2 * k] * tap(2 * k);
                    odd += history[2 * k + 1] * tap(2 * k + 1);
                }
                int lowCode = encodeLow(saturate((even + odd) >> 14));
                int highCode = encodeHigh(saturate((even - odd) >> 14));
                out[length++] = (byte) (highCode << 6 | lowCode);
            }
            return length;
        }

        private int encodeLow(int sample) {
            int difference = saturate(sample - low.estimate);
            int magnitude = difference >= 0 ? difference : -(difference + 1);
            int interval = 1;
            while (interval < Q6.length && magnitude >= (Q6[interval] * low.step) >> 12) {
                interval++;
            }
            int code = difference < 0 ? ILN[interval] : ILP[interval];
            low.adapt(lowerCoreDifference(low, code), WL[RL42[code >> 2]], 18432, 8);
            return code;
        }

        private int encodeHigh(int sample) {
            int difference = saturate(sample - high.estimate);
            int magnitude = difference >= 0 ? difference : -(difference + 1);
            int level = magnitude >= (564 * high.step) >> 12 ? 2 : 1;
            int code = difference < 0 ? IHN[level] : IHP[level];
            high.adapt((high.step * QM2[code]) >> 15, WH[RH2[code]], 22528, 10);
            return code;
        }
    }

    /** Decodes to 16 kHz samples; one instance per stream. */
    public static final class Decoder {
        private final int[] history = new int[24]; // newest first
        private final Band low = Band.lower();
        private final Band high = Band.higher();

        /** Decodes {@code length} bytes into {@code 2 * length} samples of {@code out}; returns that count. */
        public int decode(byte[] codes, int offset, int length, short[] out) {
            int count = 0;
            for (int i = 0; i < length && count + 1 < out.length; i++) {
                int code = codes[offset + i] & 0xFF;
                int lowCode = code & 0x3F;
                int highCode = code >> 6;

                int lowSample = clamp(low.estimate + ((low.step * QM6[lowCode]) >> 15), -16384, 16383);
                low.adapt(lowerCoreDifference(low, lowCode), WL[RL42[lowCode >> 2]], 18432, 8);
                int highDifference = (high.step * QM2[highCode]) >> 15;
                int highSample = clamp(high.estimate + highDifference, -16384, 16383);
                high.adapt(highDifference, WH[RH2[highCode]], 22528, 10);

                System.arraycopy(history, 0, history, 2, 22);
                history[1] = lowSample - highSample;
                history[0] = lowSample + highSample;
                int first = 0;
                int second = 0;
                for (int k = 0; k < 12; k++) {
                    first += history[2 * k + 1] * tap(2 * k);
                    second += history[2 * k] * tap(2 * k + 1);
                }
                out[count++] = (short) saturate(first >> 11);
                out[count++] = (short) saturate(second >> 11);
            }
            return count;
        }
    }

    /** Tap {@code k} of the 24-tap QMF (symmetric). */
    private static int tap(int k) {
        return k < 12 ? QMF[k] : QMF[23 - k];
    }

    private static int lowerCoreDifference(Band band, int code) {
        return (band.step * QM4[code >> 2]) >> 15;
    }

    /**
     * One sub-band's adaptive state: the log scale factor and step size, and the predictor with two poles and six
     * zeros (the Recommendation's blocks 3 and 4), identical in encoder and decoder.
     */
    private static final class Band {
        int step;
        int logScale;
        int estimate; // s: the signal estimate for the next sample
        private int zeroEstimate; // sz
        private final int[] reconstructed = new int[3]; // r, newest first
        private final int[] partial = new int[3]; // p = sz + d, newest first
        private final int[] poles = new int[3]; // a1, a2 at [1], [2]
        private final int[] differences = new int[7]; // d, newest first
        private final int[] zeros = new int[7]; // b1..b6 at [1]..[6]

        private Band(int step) {
            this.step = step;
        }

        static Band lower() {
            return new Band(32);
        }

        static Band higher() {
            return new Band(8);
        }

        /**
         * Takes the quantized difference of this sample: updates the scale factor ({@code multiplier} of the code,
         * bounded by {@code maxLogScale}, antilog shifted by {@code shiftBase}) and the predictor.
         */
        void adapt(int difference, int multiplier, int maxLogScale, int shiftBase) {
            logScale = clamp(((logScale * 32512) >> 15) + multiplier, 0, maxLogScale);
            int exponent = shiftBase - (logScale >> 11);
            int mantissa = ILB[(logScale >> 6) & 31];
            step = (exponent < 0 ? mantissa << -exponent : mantissa >> exponent) << 2;
            predict(difference);
        }

        private void predict(int difference) {
            differences[0] = difference;
            reconstructed[0] = saturate(estimate + difference);
            partial[0] = saturate(zeroEstimate + difference);

            // second pole coefficient
            int a1Term = saturate(poles[1] << 2);
            int wd2 = sign(partial[0]) == sign(partial[1]) ? -a1Term : a1Term;
            wd2 = Math.min(wd2, 32767);
            int a2 = (sign(partial[0]) == sign(partial[2]) ? 128 : -128) + (wd2 >> 7) + ((poles[2] * 32512) >> 15);
            a2 = clamp(a2, -12288, 12288);
            // first pole coefficient, bounded by the second one (stability)
            int a1 = saturate((sign(partial[0]) == sign(partial[1]) ? 192 : -192) + ((poles[1] * 32640) >> 15));
            int bound = saturate(15360 - a2);
            a1 = clamp(a1, -bound, bound);
            // zero coefficients
            int gain = difference == 0 ? 0 : 128;
            for (int i = 6; i >= 1; i--) {
                int change = sign(differences[i]) == sign(difference) ? gain : -gain;
                zeros[i] = saturate(change + ((zeros[i] * 32640) >> 15));
            }
            // delay lines
            System.arraycopy(differences, 0, differences, 1, 6);
            reconstructed[2] = reconstructed[1];
            reconstructed[1] = reconstructed[0];
            partial[2] = partial[1];
            partial[1] = partial[0];
            poles[1] = a1;
            poles[2] = a2;
            // the estimate for the next sample
            int poleEstimate = saturate(((poles[1] * saturate(reconstructed[1] << 1)) >> 15)
                    + ((poles[2] * saturate(reconstructed[2] << 1)) >> 15));
            int zeroSum = 0;
            for (int i = 6; i >= 1; i--) {
                zeroSum += (zeros[i] * saturate(differences[i] << 1)) >> 15;
            }
            zeroEstimate = saturate(zeroSum);
            estimate = saturate(poleEstimate + zeroEstimate);
        }

        private static int sign(int value) {
            return value >> 15 & 1;
        }
    }

    private static int saturate(int value) {
        return clamp(value, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
