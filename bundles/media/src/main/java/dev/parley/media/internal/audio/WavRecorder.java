package dev.parley.media.internal.audio;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Writes received G.711 payload, as it comes, into a WAV file of the same law (format 7 mu-law, 6 A-law: no
 * transcoding), or decoded wideband audio as 16-bit PCM (format 1) at its own rate, through a heap buffer flushed
 * every few seconds of audio. Samples are placed by RTP timestamp, so
 * lost or suppressed packets become silence and the file lasts as long as the call did. The file is written as
 * {@code <name>.part} and renamed once its header holds the right sizes: a crash leaves no half-written file under
 * the final name. Not thread-safe: the media session serialises calls.
 */
public final class WavRecorder {

    /** Header: RIFF, fmt with cbSize (18 bytes), fact (sample count), data; the same for G.711 and PCM. */
    static final int HEADER_SIZE = 12 + 8 + 18 + 8 + 4 + 8;
    /** A timestamp jump beyond this many seconds is a sender restart, not loss: continue without filling. */
    private static final long MAX_FILLED_GAP_SECONDS = 10;
    private static final int BUFFER_SIZE = 32 * 1024;
    private static final int PCM_FORMAT_TAG = 1;

    private final Path target;
    private final Path temporary;
    private final int formatTag;
    private final int sampleRate;
    private final int bytesPerSample;
    private final byte silence;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private long samples;
    private long nextTimestamp;
    private boolean started;
    private long gapsFilled;
    private byte[] pcmBytes = new byte[0];

    /** A recorder of G.711 payload at 8 kHz. */
    public WavRecorder(Path target, G711Law law) {
        this(target, law.wavFormatTag(), 8000, 1, law.silence());
    }

    /** A recorder of 16-bit samples at {@code sampleRate}, written with {@link #writeSamples}. */
    public static WavRecorder pcm16(Path target, int sampleRate) {
        return new WavRecorder(target, PCM_FORMAT_TAG, sampleRate, 2, (byte) 0);
    }

    private WavRecorder(Path target, int formatTag, int sampleRate, int bytesPerSample, byte silence) {
        this.target = target;
        this.temporary = target.resolveSibling(target.getFileName() + ".part");
        this.formatTag = formatTag;
        this.sampleRate = sampleRate;
        this.bytesPerSample = bytesPerSample;
        this.silence = silence;
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            channel.write(header(0), 0);
            channel.position(HEADER_SIZE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record to " + target, e);
        }
    }

    /**
     * Adds {@code length} samples of G.711 (one byte each) whose first sample has RTP timestamp {@code timestamp}
     * (8 kHz units). A packet older than what is written already is dropped; a gap before it is filled with silence.
     */
    public void write(long timestamp, byte[] payload, int offset, int length) throws IOException {
        place(timestamp, payload, offset, length);
    }

    /** As {@link #write}, for a 16-bit PCM recorder: {@code timestamp} counts samples at its rate. */
    public void writeSamples(long timestamp, short[] samples, int count) throws IOException {
        if (pcmBytes.length < 2 * count) {
            pcmBytes = new byte[2 * count];
        }
        for (int i = 0; i < count; i++) {
            pcmBytes[2 * i] = (byte) samples[i];
            pcmBytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        place(timestamp, pcmBytes, 0, count);
    }

    /** Places {@code length} samples ({@code bytesPerSample} each, from {@code offset}) by their timestamp. */
    private void place(long timestamp, byte[] payload, int offset, int length) throws IOException {
        if (!started) {
            started = true;
            nextTimestamp = timestamp;
        }
        long gap = (timestamp - nextTimestamp) & 0xFFFFFFFFL; // RTP timestamps wrap at 2^32
        if (gap >= 0x80000000L) { // before what is written: late, duplicate or overlapping
            long overlap = 0x100000000L - gap;
            if (overlap >= length) {
                return;
            }
            offset += (int) overlap * bytesPerSample;
            length -= (int) overlap;
        } else if (gap > MAX_FILLED_GAP_SECONDS * sampleRate) {
            nextTimestamp = timestamp;
        } else if (gap > 0) {
            fill(gap);
        }
        int bytes = length * bytesPerSample;
        for (int i = 0; i < bytes;) {
            int chunk = Math.min(bytes - i, buffer.remaining());
            buffer.put(payload, offset + i, chunk);
            i += chunk;
            if (!buffer.hasRemaining()) {
                flush();
            }
        }
        samples += length;
        nextTimestamp = (nextTimestamp + length) & 0xFFFFFFFFL;
    }

    private void fill(long count) throws IOException {
        gapsFilled++;
        for (long i = 0; i < count * bytesPerSample; i++) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            buffer.put(silence);
        }
        samples += count;
        nextTimestamp = (nextTimestamp + count) & 0xFFFFFFFFL;
    }

    /** Samples written so far, silence included. */
    public long samples() {
        return samples;
    }

    /** How many gaps were filled with silence. */
    public long gapsFilled() {
        return gapsFilled;
    }

    public Duration duration() {
        return Duration.ofMillis(samples * 1000 / sampleRate);
    }

    /** Writes the sizes into the header, syncs and renames the file to its final name. Returns its duration. */
    public Duration finish() throws IOException {
        try (channel) {
            flush();
            if ((samples * bytesPerSample & 1) != 0) {
                channel.write(ByteBuffer.allocate(1)); // RIFF chunks are padded to an even size
            }
            channel.write(header(samples), 0);
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return duration();
    }

    /** Gives up: closes and deletes the temporary file. */
    public void abort() {
        try (channel) {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private ByteBuffer header(long sampleCount) {
        long dataSize = sampleCount * bytesPerSample;
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(US_ASCII))
                .putInt((int) (HEADER_SIZE - 8 + dataSize + (dataSize & 1)))
                .put("WAVE".getBytes(US_ASCII));
        header.put("fmt ".getBytes(US_ASCII)).putInt(18)
                .putShort((short) formatTag).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * bytesPerSample)
                .putShort((short) bytesPerSample).putShort((short) (8 * bytesPerSample)).putShort((short) 0);
        header.put("fact".getBytes(US_ASCII)).putInt(4).putInt((int) sampleCount);
        header.put("data".getBytes(US_ASCII)).putInt((int) dataSize);
        return header.flip();
    }
}
