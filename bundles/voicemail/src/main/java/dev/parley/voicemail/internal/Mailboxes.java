package dev.parley.voicemail.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.SipAddress;

/**
 * The files of the mailboxes: {@code <root>/<domain>/<user>/<id>.wav} and {@code .../greeting.wav}, names
 * URL-encoded so no address can reach outside its folder.
 */
final class Mailboxes {
    private static final Logger LOG = LoggerFactory.getLogger(Mailboxes.class);

    static final String WAV = ".wav";
    static final String PART = ".part";
    private static final String GREETING = "greeting";

    private final Path root;

    Mailboxes(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path folder(SipAddress owner) {
        return root.resolve(encode(owner.domain())).resolve(encode(owner.user()));
    }

    Path message(SipAddress owner, String id) {
        if (!id.matches("[A-Za-z0-9-]+") || id.equals(GREETING)) {
            throw new IllegalArgumentException("not a message id: " + id);
        }
        return folder(owner).resolve(id + WAV);
    }

    Path greeting(SipAddress owner) {
        return folder(owner).resolve(GREETING + WAV);
    }

    /**
     * Removes what a crash or a stop left behind: unfinished {@code .part} recordings, and message files
     * {@code isListed} does not know (their metadata was never written). Returns how many files it removed.
     */
    int removeOrphans(BiPredicate<SipAddress, String> isListed) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        for (Path domain : list(root)) {
            for (Path user : list(domain)) {
                SipAddress owner = new SipAddress(decode(user.getFileName().toString()),
                        decode(domain.getFileName().toString()));
                for (Path file : list(user)) {
                    String name = file.getFileName().toString();
                    boolean orphan = name.endsWith(PART) || name.endsWith(WAV)
                            && !name.equals(GREETING + WAV)
                            && !isListed.test(owner, name.substring(0, name.length() - WAV.length()));
                    if (orphan && Files.deleteIfExists(file)) {
                        LOG.info("Removed orphan voicemail file {}", file);
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    private static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return new ArrayList<>(entries.toList());
        }
    }

    private static String encode(String part) {
        String encoded = URLEncoder.encode(part, StandardCharsets.UTF_8);
        return encoded.startsWith(".") ? "%2E" + encoded.substring(1) : encoded;
    }

    private static String decode(String name) {
        return URLDecoder.decode(name, StandardCharsets.UTF_8);
    }
}
