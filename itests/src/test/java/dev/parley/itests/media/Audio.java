package dev.parley.itests.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the media tests check audio with, written independently of the media bundle: G.711 mu-law, a WAV reader
 * that validates the header, and the Goertzel algorithm for the strength of one frequency.
 */
public final class Audio {

    /** A WAV file as read: its format tag, rate and the samples as 16-bit linear. */
    public record Wav(int formatTag, int sampleRate, int channels, short[] samples) {
        public double seconds() {
            return (double) samples.length / sampleRate;
        }
    }

    private Audio() {
    }

    static byte linearToUlaw(short sample) {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        pcm = Math.min(pcm, 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        return (byte) ~(sign | (exponent << 4) | ((pcm >> (exponent + 3)) & 0x0F));
    }

    public static short ulawToLinear(byte ulaw) {
        int u = ~ulaw & 0xFF;
        int t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    /** Reads a RIFF/WAVE file, failing on a header whose sizes do not match the file. */
    public static Wav readWav(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        check("RIFF".equals(ascii(bytes, 0)) && "WAVE".equals(ascii(bytes, 8)), "RIFF/WAVE magic");
        check(in.getInt(4) == bytes.length - 8 - (bytes.length & 1) || in.getInt(4) == bytes.length - 8,
                "RIFF size " + in.getInt(4) + " for a file of " + bytes.length + " bytes");
        int format = -1;
        int rate = 0;
        int channels = 0;
        int bits = 0;
        for (int at = 12; at + 8 <= bytes.length;) {
            String id = ascii(bytes, at);
            int size = in.getInt(at + 4);
            check(size >= 0 && at + 8 + size <= bytes.length, "chunk " + id + " size " + size);
            if ("fmt ".equals(id)) {
                format = in.getShort(at + 8);
                channels = in.getShort(at + 10);
                rate = in.getInt(at + 12);
                bits = in.getShort(at + 22);
            } else if ("data".equals(id)) {
                check(format > 0, "fmt before data");
                short[] samples = new short[format == 1 ? size / 2 : size];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = format == 1 ? in.getShort(at + 8 + 2 * i) : decode(format, bytes[at + 8 + i]);
                }
                check(format == 1 ? bits == 16 : bits == 8, "bits per sample " + bits);
                return new Wav(format, rate, channels, samples);
            }
            at += 8 + size + (size & 1);
        }
        throw new AssertionError("no data chunk in " + file);
    }

    private static short decode(int format, byte b) {
        if (format == 7) {
            return ulawToLinear(b);
        }
        throw new AssertionError("unexpected WAV format " + format);
    }

    public static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, samples.length));
    }

    /** The power of {@code frequency} in the samples (Goertzel), normalised by the number of samples. */
    public static double power(short[] samples, double frequency, int sampleRate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        for (short sample : samples) {
            double current = sample + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return power / samples.length;
    }

    /** The frequency among {@code candidates} with the most power. */
    public static double dominant(short[] samples, int sampleRate, double... candidates) {
        double best = candidates[0];
        for (double candidate : candidates) {
            if (power(samples, candidate, sampleRate) > power(samples, best, sampleRate)) {
                best = candidate;
            }
        }
        return best;
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("Invalid WAV: " + what);
        }
    }
}
