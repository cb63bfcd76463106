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
 * transcoding), through a heap buffer flushed every few seconds of audio. Samples are placed by RTP timestamp, so
 * lost or suppressed packets become silence and the file lasts as long as the call did. The file is written as
 * {@code <name>.part} and renamed once its header holds the right sizes: a crash leaves no half-written file under
 * the final name. Not thread-safe: the media session serialises calls.
 */
public final class WavRecorder {

    /** Header of a non-PCM WAV: RIFF, fmt with cbSize (18 bytes), fact (sample count), data. */
    static final int HEADER_SIZE = 12 + 8 + 18 + 8 + 4 + 8;
    private static final int SAMPLE_RATE = 8000;
    /** A timestamp jump beyond this is a sender restart, not loss: continue without filling. */
    private static final long MAX_FILLED_GAP = 10L * SAMPLE_RATE;
    private static final int BUFFER_SIZE = 32 * 1024;

    private final Path target;
    private final Path temporary;
    private final G711Law law;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private long samples;
    private long nextTimestamp;
    private boolean started;
    private long gapsFilled;

    public WavRecorder(Path target, G711Law law) {
        this.target = target;
        this.temporary = target.resolveSibling(target.getFileName() + ".part");
        this.law = law;
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
            offset += (int) overlap;
            length -= (int) overlap;
        } else if (gap > MAX_FILLED_GAP) {
            nextTimestamp = timestamp;
        } else if (gap > 0) {
            fill(gap);
        }
        for (int i = 0; i < length;) {
            int chunk = Math.min(length - i, buffer.remaining());
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
        byte silence = law.silence();
        for (long i = 0; i < count; i++) {
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
        return Duration.ofMillis(samples * 1000 / SAMPLE_RATE);
    }

    /** Writes the sizes into the header, syncs and renames the file to its final name. Returns its duration. */
    public Duration finish() throws IOException {
        try (channel) {
            flush();
            if ((samples & 1) != 0) {
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
        long dataSize = sampleCount; // one byte per sample
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(US_ASCII))
                .putInt((int) (HEADER_SIZE - 8 + dataSize + (dataSize & 1)))
                .put("WAVE".getBytes(US_ASCII));
        header.put("fmt ".getBytes(US_ASCII)).putInt(18)
                .putShort((short) law.wavFormatTag()).putShort((short) 1).putInt(SAMPLE_RATE).putInt(SAMPLE_RATE)
                .putShort((short) 1).putShort((short) 8).putShort((short) 0);
        header.put("fact".getBytes(US_ASCII)).putInt(4).putInt((int) sampleCount);
        header.put("data".getBytes(US_ASCII)).putInt((int) dataSize);
        return header.flip();
    }
}
