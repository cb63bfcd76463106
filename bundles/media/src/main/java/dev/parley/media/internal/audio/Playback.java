package dev.parley.media.internal.audio;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Files played one after the other, cut into frames by the clock thread. Each file is decoded when its turn comes
 * (through the prompt cache), so a long list costs the memory of one file at a time.
 */
public final class Playback {

    private final List<Path> files;
    private final Function<Path, short[]> loader;
    private int fileIndex;
    private short[] current;
    private int position;

    /** {@code loader} turns a file into samples; the first file is loaded at once so errors reach the caller. */
    public Playback(List<Path> files, Function<Path, short[]> loader) {
        this.files = List.copyOf(files);
        this.loader = loader;
        this.current = files.isEmpty() ? new short[0] : loader.apply(files.get(0));
    }

    /** Fills {@code frame} with the next samples (silence after the end); false once everything was played. */
    public boolean nextFrame(short[] frame) {
        int filled = 0;
        while (filled < frame.length) {
            if (position == current.length) {
                if (fileIndex + 1 >= files.size()) {
                    break;
                }
                fileIndex++;
                current = loader.apply(files.get(fileIndex));
                position = 0;
                continue;
            }
            int chunk = Math.min(frame.length - filled, current.length - position);
            System.arraycopy(current, position, frame, filled, chunk);
            position += chunk;
            filled += chunk;
        }
        Arrays.fill(frame, filled, frame.length, (short) 0);
        return filled > 0;
    }
}
