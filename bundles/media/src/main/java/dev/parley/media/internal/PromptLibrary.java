package dev.parley.media.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.media.internal.audio.WavAudio;

/**
 * Finds prompts by name in the configured directories (the operator's first, the shipped ones last) and keeps the
 * decoded samples of small files, reloading a file whose modification time changed.
 */
final class PromptLibrary {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** Files larger than this (about a minute of 16-bit audio) are decoded per playback, not cached. */
    private static final long CACHED_MAX_BYTES = 1 << 20;

    private record Cached(FileTime modified, short[] samples) {
    }

    private final List<Path> directories;
    private final ConcurrentMap<Path, Cached> cache = new ConcurrentHashMap<>();

    PromptLibrary(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    /** Default search order under a Karaf home: etc/parley/prompts, data/parley/prompts, prompts. */
    static List<Path> defaultDirectories(String karafEtc, String karafData, String karafHome) {
        return List.of(Path.of(karafEtc, "parley", "prompts"), Path.of(karafData, "parley", "prompts"),
                Path.of(karafHome, "prompts"));
    }

    List<Path> directories() {
        return directories;
    }

    Path find(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "Not a prompt name: " + name);
        }
        for (Path directory : directories) {
            Path file = directory.resolve(name + ".wav");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new ParleyException(ParleyError.NOT_FOUND, "No prompt named " + name);
    }

    short[] samples(Path file) {
        try {
            if (Files.size(file) > CACHED_MAX_BYTES) {
                return WavAudio.read(file);
            }
            FileTime modified = Files.getLastModifiedTime(file);
            Cached cached = cache.get(file);
            if (cached == null || !cached.modified().equals(modified)) {
                cached = new Cached(modified, WavAudio.read(file));
                cache.put(file, cached);
            }
            return cached.samples();
        } catch (IOException e) {
            throw new ParleyException(ParleyError.NOT_FOUND, "Cannot read " + file.getFileName(), e);
        }
    }
}
