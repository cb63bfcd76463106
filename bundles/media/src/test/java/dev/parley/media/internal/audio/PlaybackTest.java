package dev.parley.media.internal.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

class PlaybackTest {

    private static short[] ramp(int from, int count) {
        short[] samples = new short[count];
        for (int i = 0; i < count; i++) {
            samples[i] = (short) (from + i);
        }
        return samples;
    }

    @Test
    void framesRunAcrossFilesWithoutGapsAndTheLastIsPaddedWithSilence() {
        Map<Path, short[]> files = Map.of(Path.of("a"), ramp(1, 5), Path.of("b"), ramp(6, 0), Path.of("c"), ramp(6, 4));
        List<Path> order = List.of(Path.of("a"), Path.of("b"), Path.of("c"));
        Playback playback = new Playback(order, files::get);
        short[] frame = new short[4];
        List<short[]> frames = new ArrayList<>();
        while (playback.nextFrame(frame)) {
            frames.add(frame.clone());
        }
        assertEquals(3, frames.size());
        assertArrayEquals(new short[] { 1, 2, 3, 4 }, frames.get(0));
        assertArrayEquals(new short[] { 5, 6, 7, 8 }, frames.get(1), "an empty file in between is skipped");
        assertArrayEquals(new short[] { 9, 0, 0, 0 }, frames.get(2));
        assertFalse(playback.nextFrame(frame));
        assertArrayEquals(new short[4], frame, "silence after the end");
    }

    @Test
    void everyFileIsLoadedUpFrontSoAMissingOneFailsTheCaller() {
        List<Path> loaded = new ArrayList<>();
        ParleyException e = assertThrows(ParleyException.class, () -> new Playback(
                List.of(Path.of("greeting"), Path.of("missing")), path -> {
                    loaded.add(path);
                    if (path.endsWith("missing")) {
                        throw new ParleyException(ParleyError.NOT_FOUND, "No such audio file: missing");
                    }
                    return ramp(0, 10);
                }));
        assertEquals(ParleyError.NOT_FOUND, e.error());
        assertEquals(2, loaded.size());
        assertFalse(new Playback(List.of(), path -> ramp(0, 1)).nextFrame(new short[2]), "nothing to play");
    }
}
