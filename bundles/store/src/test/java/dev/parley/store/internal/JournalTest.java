package dev.parley.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path directory;

    @Test
    void recordsAreReadBackInOrderAcrossFiles() throws Exception {
        try (Journal journal = started()) {
            journal.append(bytes("one"));
            journal.rotate();
            journal.append(bytes("two"));
            journal.append(bytes("three"));
        }

        assertEquals(List.of("one", "two", "three"), replayed());
    }

    @Test
    void aRecordCutShortByACrashIsIgnored() throws Exception {
        try (Journal journal = started()) {
            journal.append(bytes("whole"));
            journal.append(bytes("cut short"));
        }
        Path file = onlyFile();
        byte[] content = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(content, content.length - 3));

        assertEquals(List.of("whole"), replayed());
    }

    @Test
    void aRecordWithAWrongChecksumEndsTheFile() throws Exception {
        try (Journal journal = started()) {
            journal.append(bytes("good"));
            journal.append(bytes("bad"));
        }
        Path file = onlyFile();
        byte[] content = Files.readAllBytes(file);
        content[content.length - 1] ^= 1;
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);

        assertEquals(List.of("good"), replayed());
    }

    @Test
    void deleteUpToDropsOnlyTheFilesCoveredByACheckpoint() throws Exception {
        try (Journal journal = started()) {
            journal.append(bytes("old"));
            long closed = journal.rotate();
            journal.append(bytes("new"));

            journal.deleteUpTo(closed);
        }

        assertEquals(List.of("new"), replayed());
    }

    @Test
    void aNewJournalIsEmptyAndStartsAfterTheExistingFiles() throws Exception {
        try (Journal journal = started()) {
            assertTrue(journal.isEmpty());
            journal.append(bytes("first run"));
            assertEquals(false, journal.isEmpty());
        }
        try (Journal journal = started()) {
            journal.append(bytes("second run"));
        }

        assertEquals(List.of("first run", "second run"), replayed());
    }

    private Journal started() throws IOException {
        Journal journal = new Journal(directory);
        journal.start();
        return journal;
    }

    private List<String> replayed() throws Exception {
        List<String> records = new ArrayList<>();
        try (Journal journal = new Journal(directory)) {
            int count = journal.replay(record -> records.add(new String(record, StandardCharsets.UTF_8)));
            assertEquals(records.size(), count);
        }
        return records;
    }

    private Path onlyFile() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size());
            return all.get(0);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
