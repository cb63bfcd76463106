package dev.parley.media.internal.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** WAV files as an operator would drop them in: 16-bit PCM. */
public final class WavTestFiles {

    private WavTestFiles() {
    }

    public static byte[] pcmWav(short[] samples, int rate) {
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII));
        wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples.length);
        for (short s : samples) {
            wav.putShort(s);
        }
        return wav.array();
    }
}
