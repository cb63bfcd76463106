package dev.parley.voicemail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Just enough of the WAV format to refuse a greeting the media engine could not play. */
final class WavFiles {

    enum Check { PLAYABLE, NOT_WAV, UNSUPPORTED }

    private static final int PCM = 1;
    private static final int A_LAW = 6;
    private static final int MU_LAW = 7;

    private WavFiles() {
    }

    /**
     * Whether the file is a RIFF/WAVE whose first chunk is an 8 kHz mono PCM-16, A-law or mu-law format, or 16 kHz
     * mono PCM-16 (a greeting recorded over G.722, which the media engine plays at half the rate).
     */
    static Check check(Path file) {
        if (!Files.isRegularFile(file)) {
            return Check.NOT_WAV;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(36);
            if (header.length < 36 || !ascii(header, 0).equals("RIFF") || !ascii(header, 8).equals("WAVE")
                    || !ascii(header, 12).equals("fmt ")) {
                return Check.NOT_WAV;
            }
            ByteBuffer fmt = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            int format = fmt.getShort(20);
            int bits = fmt.getShort(34);
            int rate = fmt.getInt(24);
            boolean pcm = format == PCM && bits == 16 && (rate == 8000 || rate == 16000);
            boolean g711 = (format == A_LAW || format == MU_LAW) && bits == 8 && rate == 8000;
            return (pcm || g711) && fmt.getShort(22) == 1 ? Check.PLAYABLE : Check.UNSUPPORTED;
        } catch (IOException e) {
            return Check.NOT_WAV;
        }
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII);
    }
}
