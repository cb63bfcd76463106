package dev.parley.voicemail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Just enough of the WAV format to refuse a greeting that is not one. */
final class WavFiles {

    private WavFiles() {
    }

    /** Whether the file starts with a RIFF/WAVE header. */
    static boolean isWav(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(12);
            return header.length == 12 && new String(header, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                    && new String(header, 8, 4, StandardCharsets.US_ASCII).equals("WAVE");
        } catch (IOException e) {
            return false;
        }
    }
}
