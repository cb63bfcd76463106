package dev.parley.store.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redo journal: every committed change, appended to a file before the write returns, so that a killed process
 * loses none of it. H2 itself writes its file only every WRITE_DELAY (writing it on every commit costs a whole
 * MVStore chunk per commit). A record is {@code [length][CRC-32][change]}; appending one is a single write() into
 * the operating system's page cache, which survives the process. Files are numbered; after a checkpoint has put
 * everything in the database file, the files written before it are deleted.
 *
 * <p>
 * Written through a {@link FileOutputStream}, not a FileChannel: an interrupted caller thread would close a
 * channel for every later writer. Not thread-safe: {@link H2Database} calls {@link #append}, {@link #rotate} and {@link #isEmpty} under its write
 * lock.
 */
final class Journal implements AutoCloseable {

    /** What replay does with each record read back. */
    @FunctionalInterface
    interface RecordHandler {
        void handle(byte[] record) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String PREFIX = "journal-";
    private static final String SUFFIX = ".log";
    private static final int HEADER = 8;
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    private final Path directory;
    private FileOutputStream current;
    private long currentNumber;
    private long currentSize;

    Journal(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    /** Reads back every record of every file, oldest first; returns how many there were. */
    int replay(RecordHandler handler) throws Exception {
        int count = 0;
        for (Path file : files()) {
            byte[] content = Files.readAllBytes(file);
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.remaining() >= HEADER) {
                int length = buffer.getInt();
                int checksum = buffer.getInt();
                if (length <= 0 || length > MAX_RECORD || length > buffer.remaining()) {
                    buffer.position(buffer.position() - HEADER);
                    break;
                }
                byte[] record = new byte[length];
                buffer.get(record);
                if (checksum != crc(record)) {
                    buffer.position(buffer.position() - HEADER - length);
                    break;
                }
                handler.handle(record);
                count++;
            }
            if (buffer.hasRemaining()) {
                // only the last record of a file can be cut short, by a crash in the middle of its write
                LOG.warn("Ignored {} bytes of an incomplete record at the end of {}", buffer.remaining(), file);
            }
        }
        return count;
    }

    /** Opens a new file after the existing ones; call after replay. */
    void start() throws IOException {
        List<Path> existing = files();
        currentNumber = existing.isEmpty() ? 1 : number(existing.get(existing.size() - 1)) + 1;
        current = open(currentNumber);
    }

    void append(byte[] record) throws IOException {
        byte[] entry = ByteBuffer.allocate(HEADER + record.length).putInt(record.length).putInt(crc(record))
                .put(record).array();
        current.write(entry); // one write() call: in the page cache when it returns
        currentSize += entry.length;
    }

    boolean isEmpty() {
        return currentSize == 0;
    }

    /** Continues in a new file; returns the number of the file it closed. */
    long rotate() throws IOException {
        long closed = currentNumber;
        FileOutputStream next = open(closed + 1);
        current.close();
        current = next;
        currentNumber = closed + 1;
        currentSize = 0;
        return closed;
    }

    /** Deletes the files numbered up to {@code number}, once their changes are in the database file. */
    void deleteUpTo(long number) throws IOException {
        for (Path file : files()) {
            if (number(file) <= number) {
                Files.delete(file);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
    }

    private FileOutputStream open(long number) throws IOException {
        Path file = directory.resolve(String.format("%s%019d%s", PREFIX, number, SUFFIX));
        return new FileOutputStream(Files.createFile(file).toFile());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(f -> f.getFileName().toString().startsWith(PREFIX)
                    && f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    private static long number(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    private static int crc(byte[] record) {
        CRC32 crc = new CRC32();
        crc.update(record);
        return (int) crc.getValue();
    }
}
