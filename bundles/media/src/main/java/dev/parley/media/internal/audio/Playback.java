package dev.parley.media.internal.audio;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Files played one after the other, cut into 20 ms frames by the clock thread. Every file is decoded when the
 * playback is created, on the caller's thread: a missing or unplayable file fails the call at once, and the clock
 * thread, which sends for every session, never reads a disk. Costs 16 KB of memory per second of audio (small
 * prompts are shared through the prompt cache).
 */
public final class Playback {

    private final List<short[]> files;
    private int fileIndex;
    private int position;

    /** {@code loader} turns a file into 8 kHz samples. */
    public Playback(List<Path> files, Function<Path, short[]> loader) {
        this.files = files.stream().map(loader).toList();
    }

    /** Fills {@code frame} with the next samples (silence after the end); false once everything was played. */
    public boolean nextFrame(short[] frame) {
        int filled = 0;
        while (filled < frame.length && fileIndex < files.size()) {
            short[] current = files.get(fileIndex);
            int chunk = Math.min(frame.length - filled, current.length - position);
            System.arraycopy(current, position, frame, filled, chunk);
            position += chunk;
            filled += chunk;
            if (position == current.length) {
                fileIndex++;
                position = 0;
            }
        }
        Arrays.fill(frame, filled, frame.length, (short) 0);
        return filled > 0;
    }
}
