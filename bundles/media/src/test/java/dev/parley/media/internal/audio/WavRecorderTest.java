package dev.parley.media.internal.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavRecorderTest {

    @TempDir
    Path dir;

    private static byte[] frame(byte value, int length) {
        byte[] frame = new byte[length];
        Arrays.fill(frame, value);
        return frame;
    }

    @Test
    void headerHoldsFormatSizesAndSampleCount() throws IOException {
        Path file = dir.resolve("msg.wav");
        WavRecorder recorder = new WavRecorder(file, G711Law.ULAW);
        long ts = 4_000_000_000L;
        for (int i = 0; i < 250; i++) { // 5 s of 20 ms frames, across the 2^32 timestamp wrap
            recorder.write((ts + 160L * i) & 0xFFFFFFFFL, frame((byte) 0x10, 160), 0, 160);
        }
        assertEquals(Duration.ofSeconds(5), recorder.finish());

        ByteBuffer wav = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(WavRecorder.HEADER_SIZE + 40_000, wav.capacity());
        assertEquals("RIFF", ascii(wav, 0));
        assertEquals(wav.capacity() - 8, wav.getInt(4));
        assertEquals("WAVE", ascii(wav, 8));
        assertEquals("fmt ", ascii(wav, 12));
        assertEquals(18, wav.getInt(16));
        assertEquals(7, wav.getShort(20), "mu-law");
        assertEquals(1, wav.getShort(22), "mono");
        assertEquals(8000, wav.getInt(24));
        assertEquals(8000, wav.getInt(28), "byte rate");
        assertEquals(8, wav.getShort(34), "bits per sample");
        assertEquals("fact", ascii(wav, 38));
        assertEquals(40_000, wav.getInt(46));
        assertEquals("data", ascii(wav, 50));
        assertEquals(40_000, wav.getInt(54));
        assertEquals(0x10, wav.get(58));
        assertFalse(Files.exists(dir.resolve("msg.wav.part")));
    }

    @Test
    void lostPacketsBecomeSilenceAndLatePacketsAreDropped() throws IOException {
        Path file = dir.resolve("gaps.wav");
        WavRecorder recorder = new WavRecorder(file, G711Law.ALAW);
        recorder.write(1000, frame((byte) 1, 160), 0, 160);
        recorder.write(1000 + 480, frame((byte) 2, 160), 0, 160); // two packets lost
        recorder.write(1000 + 160, frame((byte) 3, 160), 0, 160); // one of them, too late
        recorder.write(1000 + 560, frame((byte) 4, 160), 0, 160); // overlaps by 80 samples: the tail is kept
        assertEquals(1, recorder.gapsFilled());
        recorder.finish();

        byte[] data = Arrays.copyOfRange(Files.readAllBytes(file), WavRecorder.HEADER_SIZE,
                WavRecorder.HEADER_SIZE + 720);
        assertEquals(1, data[0]);
        assertEquals(G711.ALAW_SILENCE, data[160]);
        assertEquals(G711.ALAW_SILENCE, data[479]);
        assertEquals(2, data[480]);
        assertEquals(2, data[639]);
        assertEquals(4, data[640]);
        assertEquals(4, data[719]);
        assertEquals(6, ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getShort(20),
                "A-law");
    }

    @Test
    void aSenderRestartIsNotFilledWithMinutesOfSilence() throws IOException {
        WavRecorder recorder = new WavRecorder(dir.resolve("jump.wav"), G711Law.ULAW);
        recorder.write(0, frame((byte) 1, 160), 0, 160);
        recorder.write(8000 * 3600, frame((byte) 1, 160), 0, 160);
        assertEquals(320, recorder.samples());
        recorder.finish();
    }

    @Test
    void nothingAppearsUnderTheFinalNameUntilFinished() throws IOException {
        Path file = dir.resolve("partial.wav");
        WavRecorder recorder = new WavRecorder(file, G711Law.ULAW);
        recorder.write(0, frame((byte) 1, 161), 0, 161);
        assertFalse(Files.exists(file));
        assertTrue(Files.exists(dir.resolve("partial.wav.part")));
        recorder.abort();
        assertFalse(Files.exists(dir.resolve("partial.wav.part")));
        assertFalse(Files.exists(file));
    }

    @Test
    void oddSampleCountsArePaddedAndReadBack() throws IOException {
        Path file = dir.resolve("odd.wav");
        WavRecorder recorder = new WavRecorder(file, G711Law.ULAW);
        byte[] samples = new byte[161];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = G711.encodeUlaw((short) (i * 100));
        }
        recorder.write(0, samples, 0, samples.length);
        recorder.finish();
        assertEquals(WavRecorder.HEADER_SIZE + 162, Files.size(file));
        short[] read = WavAudio.read(file);
        assertEquals(161, read.length);
        for (int i = 0; i < read.length; i++) {
            assertEquals(G711.decodeUlaw(samples[i]), read[i]);
        }
    }

    @Test
    void readsSixteenBitPcmHalvesSixteenKilohertzAndRefusesOtherRates() throws IOException {
        short[] samples = { 0, 1000, -1000, 32767, -32768 };
        Path pcm = dir.resolve("pcm.wav");
        Files.write(pcm, WavTestFiles.pcmWav(samples, 8000));
        assertArrayEquals(samples, WavAudio.read(pcm));
        Path wide = dir.resolve("wide.wav");
        Files.write(wide, WavTestFiles.pcmWav(new short[] { 100, 300, -2000, -1000, 5 }, 16000));
        assertArrayEquals(new short[] { 200, -1500 }, WavAudio.read(wide), "a recorded G.722 message plays at 8 kHz");
        Path cd = dir.resolve("cd.wav");
        Files.write(cd, WavTestFiles.pcmWav(samples, 44100));
        assertEquals(dev.parley.api.common.ParleyError.UNSUPPORTED_MEDIA_TYPE,
                org.junit.jupiter.api.Assertions.assertThrows(dev.parley.api.common.ParleyException.class,
                        () -> WavAudio.read(cd)).error());
    }

    @Test
    void sixteenBitPcmAtSixteenKilohertzFillsALostFrameWithZeros() throws IOException {
        Path file = dir.resolve("wide.wav");
        WavRecorder recorder = WavRecorder.pcm16(file, 16000);
        short[] frame = new short[320];
        Arrays.fill(frame, (short) -1234);
        recorder.writeSamples(0, frame, 320);
        recorder.writeSamples(640, frame, 320); // the frame at 320 was lost
        assertEquals(Duration.ofMillis(60), recorder.finish());

        ByteBuffer wav = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(WavRecorder.HEADER_SIZE + 3 * 640, wav.capacity());
        assertEquals(wav.capacity() - 8, wav.getInt(4));
        assertEquals(1, wav.getShort(20), "PCM");
        assertEquals(16000, wav.getInt(24));
        assertEquals(32000, wav.getInt(28), "byte rate");
        assertEquals(2, wav.getShort(32), "block align");
        assertEquals(16, wav.getShort(34), "bits per sample");
        assertEquals(960, wav.getInt(46), "samples");
        assertEquals(1920, wav.getInt(54), "data bytes");
        assertEquals(-1234, wav.getShort(58));
        assertEquals(0, wav.getShort(58 + 2 * 320), "the lost frame is silence");
        assertEquals(-1234, wav.getShort(58 + 2 * 640));
    }

    private static String ascii(ByteBuffer buffer, int at) {
        byte[] id = new byte[4];
        buffer.get(at, id);
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
