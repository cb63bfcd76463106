package dev.parley.media.internal.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class G722Test {

    private static final int RATE = 16000;
    /** What the adaptive quantizers need to settle, left out of the comparisons. */
    private static final int SETTLE = 800;

    private static short[] sine(double frequency, int amplitude, int rate, int count) {
        short[] samples = new short[count];
        for (int i = 0; i < count; i++) {
            samples[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return samples;
    }

    /** Encodes and decodes in 20 ms frames, as RTP would carry them. */
    private static short[] roundTrip(short[] input) {
        G722.Encoder encoder = new G722.Encoder();
        G722.Decoder decoder = new G722.Decoder();
        short[] output = new short[input.length];
        byte[] payload = new byte[160];
        short[] frame = new short[320];
        short[] decoded = new short[960];
        for (int at = 0; at + 320 <= input.length; at += 320) {
            System.arraycopy(input, at, frame, 0, 320);
            int length = encoder.encode(frame, 320, payload);
            assertEquals(160, length, "64 kbit/s: one byte per two samples");
            assertEquals(320, decoder.decode(payload, 0, length, decoded));
            System.arraycopy(decoded, 0, output, at, 320);
        }
        return output;
    }

    private static double rms(short[] samples, int from) {
        double sum = 0;
        for (int i = from; i < samples.length; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (samples.length - from));
    }

    /** Signal-to-noise ratio (dB) of {@code output} against {@code input} at the lag (QMF delay) that fits best. */
    private static double snr(short[] input, short[] output) {
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = 0; lag < 64; lag++) {
            double signal = 0;
            double noise = 0;
            for (int i = SETTLE; i + lag < output.length; i++) {
                double error = output[i + lag] - input[i];
                signal += (double) input[i] * input[i];
                noise += error * error;
            }
            best = Math.max(best, 10 * Math.log10(signal / Math.max(noise, 1)));
        }
        return best;
    }

    @ParameterizedTest
    @ValueSource(ints = { 440, 1000, 3000, 5000, 6500 })
    void aSineKeepsItsFrequencyAndAmplitudeInEitherBand(int frequency) {
        short[] input = sine(frequency, 10000, RATE, RATE);

        short[] output = roundTrip(input);

        double wanted = Goertzel.power(output, SETTLE, frequency, RATE);
        for (int other : new int[] { 250, 440, 1000, 2000, 3000, 4000, 5000, 6500, 7500 }) {
            if (other != frequency) {
                assertTrue(wanted > 100 * Goertzel.power(output, SETTLE, other, RATE),
                        frequency + " Hz against " + other);
            }
        }
        double ratio = rms(output, SETTLE) / rms(input, SETTLE);
        assertTrue(ratio > 0.8 && ratio < 1.2, "amplitude kept: " + ratio);
        assertTrue(snr(input, output) > 20, "SNR " + snr(input, output) + " dB");
    }

    @Test
    void quietAndLoudSignalsStayCloseToTheInput() {
        assertTrue(snr(sine(1000, 300, RATE, RATE), roundTrip(sine(1000, 300, RATE, RATE))) > 15);
        assertTrue(snr(sine(1000, 30000, RATE, RATE), roundTrip(sine(1000, 30000, RATE, RATE))) > 20);
    }

    /** Bit-exact with another implementation: spandsp's, as baresip, Asterisk and FreeSWITCH use it. */
    @Test
    void encodesAndDecodesExactlyAsSpandspDoes() throws IOException {
        short[] input = samples("input.s16le");
        byte[] expected = resource("encoded.g722");

        byte[] encoded = new byte[input.length / 2];
        assertEquals(expected.length, new G722.Encoder().encode(input, input.length, encoded));
        assertArrayEquals(expected, encoded);

        short[] decoded = new short[2 * expected.length];
        assertEquals(decoded.length, new G722.Decoder().decode(expected, 0, expected.length, decoded));
        assertArrayEquals(samples("decoded.s16le"), decoded);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = G722Test.class.getResourceAsStream("/g722/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private static short[] samples(String name) throws IOException {
        byte[] bytes = resource(name);
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    @Test
    void silenceStaysSilent() {
        short[] output = roundTrip(new short[RATE]);

        assertTrue(rms(output, SETTLE) < 10, "rms " + rms(output, SETTLE));
    }

    @Test
    void theCodecSendsEightKilohertzFramesAsWidebandAndDecodesAtSixteen() {
        G722Codec sender = new G722Codec();
        G722Codec receiver = new G722Codec();
        short[] prompt = sine(1000, 8000, 8000, 8000);
        short[] received = new short[16000];
        byte[] payload = new byte[1500];
        short[] decoded = new short[960];
        for (int at = 0; at < prompt.length; at += 160) {
            short[] frame = java.util.Arrays.copyOfRange(prompt, at, at + 160);
            int length = sender.encode(frame, 160, payload);
            assertEquals(160, length, "20 ms of G.722");
            assertEquals(320, receiver.decode(payload, 0, length, decoded));
            System.arraycopy(decoded, 0, received, 2 * at, 320);
        }

        assertEquals(16000, receiver.sampleRate());
        double tone = Goertzel.power(received, SETTLE, 1000, RATE);
        assertTrue(tone > 100 * Goertzel.power(received, SETTLE, 7000, RATE), "the interpolation's image is weak");
        double ratio = rms(received, SETTLE) / rms(prompt, SETTLE / 2);
        assertTrue(ratio > 0.8 && ratio < 1.2, "amplitude kept: " + ratio);

        short[] narrow = new short[8000];
        assertEquals(8000, G722Codec.downsample(received, received.length, narrow));
        assertTrue(Goertzel.power(narrow, SETTLE, 1000, 8000) > 100 * Goertzel.power(narrow, SETTLE, 3000, 8000));
    }
}
