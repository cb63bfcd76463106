package dev.parley.media.internal.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/** Reads a WAV file of 8 kHz mono audio (16-bit PCM, mu-law or A-law) into 16-bit samples, for playing it. */
public final class WavAudio {

    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;

    private WavAudio() {
    }

    /**
     * 8 kHz samples of the file; 16 kHz PCM16 (what G.722 calls are recorded as) is halved in rate.
     *
     * @throws ParleyException {@code NOT_FOUND} for a missing file, {@code UNSUPPORTED_MEDIA_TYPE} for anything but
     *         8 kHz mono PCM16/mu-law/A-law or 16 kHz mono PCM16 WAV
     */
    public static short[] read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ParleyException(ParleyError.NOT_FOUND, "No such audio file: " + file.getFileName());
        } catch (IOException e) {
            throw new ParleyException(ParleyError.INTERNAL, "Cannot read " + file.getFileName(), e);
        }
        return decode(bytes, file.getFileName().toString());
    }

    static short[] decode(byte[] bytes, String name) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !"RIFF".equals(fourCc(in, 0)) || !"WAVE".equals(fourCc(in, 8))) {
            throw unsupported(name, "not a RIFF/WAVE file");
        }
        int format = -1;
        int bits = 0;
        int rate = 0;
        int position = 12;
        while (position + 8 <= bytes.length) {
            String id = fourCc(in, position);
            long size = in.getInt(position + 4) & 0xFFFFFFFFL;
            int body = position + 8;
            if ("fmt ".equals(id)) {
                format = in.getShort(body) & 0xFFFF;
                int channels = in.getShort(body + 2);
                rate = in.getInt(body + 4);
                bits = in.getShort(body + 14);
                if (format == EXTENSIBLE && size >= 40) {
                    format = in.getShort(body + 24) & 0xFFFF; // the sub-format GUID starts with the format tag
                }
                if (channels != 1 || rate != 8000 && rate != G722Codec.SAMPLE_RATE) {
                    throw unsupported(name, channels + " channels at " + rate + " Hz");
                }
            } else if ("data".equals(id)) {
                // a recorder killed mid-way leaves size 0x7fffffff
                int length = (int) Math.min(size, bytes.length - body);
                short[] samples = samples(in, body, length, format, bits, name);
                if (rate == G722Codec.SAMPLE_RATE) {
                    if (format != PCM) {
                        throw unsupported(name, "format " + format + " at " + rate + " Hz");
                    }
                    return Arrays.copyOf(samples, G722Codec.downsample(samples, samples.length, samples));
                }
                return samples;
            }
            if (size > bytes.length - body) {
                break;
            }
            position = body + (int) size + (int) (size & 1);
        }
        throw unsupported(name, "no data chunk");
    }

    private static short[] samples(ByteBuffer in, int start, int length, int format, int bits, String name) {
        if (format == PCM && bits == 16) {
            short[] out = new short[length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = in.getShort(start + 2 * i);
            }
            return out;
        }
        G711Law law = format == G711Law.ULAW.wavFormatTag() ? G711Law.ULAW
                : format == G711Law.ALAW.wavFormatTag() ? G711Law.ALAW : null;
        if (law == null || bits != 8) {
            throw unsupported(name, "format " + format + " with " + bits + " bits");
        }
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            out[i] = law.decode(in.get(start + i));
        }
        return out;
    }

    private static String fourCc(ByteBuffer in, int position) {
        byte[] id = new byte[4];
        in.get(position, id);
        return new String(id, StandardCharsets.US_ASCII);
    }

    private static ParleyException unsupported(String name, String why) {
        return new ParleyException(ParleyError.UNSUPPORTED_MEDIA_TYPE,
                name + ": only 8 kHz mono WAV (16-bit PCM, mu-law, A-law) or 16 kHz mono 16-bit PCM can be played, not "
                        + why);
    }
}
