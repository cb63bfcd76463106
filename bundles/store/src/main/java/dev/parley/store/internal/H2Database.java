package dev.parley.store.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.store.StoreException;

/**
 * The embedded H2 database: a connection pool, the schema migrations, and writes made durable by the
 * {@link Journal}. Immediate, so a bad configuration or schema shows at start-up; a configuration change reopens
 * it (DS re-activation), and with it the stores that use it.
 */
@Component(service = H2Database.class, configurationPid = StoreConfig.PID, immediate = true)
@Designate(ocd = StoreConfig.class)
public final class H2Database {

    /**
     * Added unless the URL names them. DB_CLOSE_ON_EXIT=FALSE leaves closing to {@link #close()} instead of H2's own
     * shutdown hook. QUERY_CACHE_SIZE: each pooled session keeps this many parsed statements (H2's default is 8); the
     * stores use a few dozen distinct statements, and with 8 a call profile spent 7 % of its samples re-parsing SQL.
     */
    static final String[][] REQUIRED_SETTINGS = { { "DB_CLOSE_ON_EXIT", "FALSE" }, { "QUERY_CACHE_SIZE", "128" } };
    /** How often the journal is folded into the database file. */
    static final long CHECKPOINT_INTERVAL_MS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(H2Database.class);
    /** jdbc:h2:file:PATH or jdbc:h2:PATH, but not mem:, tcp:, ssl: or zip: databases. */
    private static final Pattern LOCAL_FILE = Pattern.compile("jdbc:h2:(?:file:)?(?!mem:|tcp:|ssl:|zip:)([^;]+)(;.*)?",
            Pattern.CASE_INSENSITIVE);

    /** Work done with a connection; may throw SQLException, which the helpers turn into StoreException. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final JdbcConnectionPool pool;
    private final String location;
    /** Serializes writes, so the journal holds changes in the order the database applied them. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Journal journal;
    private final ScheduledExecutorService checkpoints;

    @Activate
    public H2Database(StoreConfig config) {
        String url = withRequiredSettings(config.url().isBlank() ? defaultUrl() : config.url());
        location = url.split(";", 2)[0];
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser(config.user());
        dataSource.setPassword(config.password());
        pool = JdbcConnectionPool.create(dataSource);
        pool.setMaxConnections(Math.max(1, config.pool_size()));
        try {
            int applied = transaction(new Migrations()::apply);
            Optional<Path> journalDirectory = journalDirectory(url);
            journal = journalDirectory.isPresent() ? openJournal(journalDirectory.get()) : null;
            if (journal == null) {
                LOG.warn("{} is not a local file database: writes are not journaled", location);
            }
            LOG.info("Store opened at {} ({} migration(s) applied)", location, applied);
        } catch (IOException | RuntimeException e) {
            pool.dispose();
            throw new StoreException("cannot open the store at " + location + ": " + e.getMessage(), e);
        }
        checkpoints = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "parley-store-checkpoint"));
        checkpoints.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    @Deactivate
    public void close() {
        // no interrupt: an interrupted thread in H2's file I/O closes the database file under everyone
        checkpoints.shutdown();
        try {
            checkpoints.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeLock.lock();
        try {
            // once the database file holds everything, the journal is not needed; should this fail, it is kept
            read(Migrations::checkpoint);
            if (journal != null) {
                journal.close();
                journal.deleteUpTo(Long.MAX_VALUE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Store at {} closed without a final checkpoint; the journal is replayed at the next start",
                    location, e);
        } finally {
            writeLock.unlock();
            // the database closes with its last connection (DB_CLOSE_DELAY defaults to 0)
            pool.dispose();
        }
        LOG.info("Store closed at {}", location);
    }

    /** Runs read-only work on a pooled connection in auto-commit mode. */
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException("store read failed: " + e.getMessage(), e);
        }
    }

    /** Applies a change in one transaction; it is committed and journaled (durable) when this returns. */
    <T> T write(Change<T> change) {
        byte[] record = journal == null ? null : ChangeCodec.encode(change);
        writeLock.lock();
        try {
            T result = transaction(change::apply);
            if (record != null && change.changed(result)) {
                journal.append(record);
            }
            return result;
        } catch (IOException e) {
            throw new StoreException("store journal write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T transaction(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store write failed: " + e.getMessage(), e);
        }
    }

    /** Replays what a crash left in the journal, puts it into the database file, and starts a fresh journal. */
    private Journal openJournal(Path directory) throws IOException {
        Journal opened = new Journal(directory);
        try {
            int replayed = opened.replay(record -> {
                Change<?> change = ChangeCodec.decode(record);
                transaction(connection -> {
                    change.replay(connection);
                    return null;
                });
            });
            if (replayed > 0) {
                LOG.info("Replayed {} journaled change(s) into {}", replayed, location);
            }
            read(Migrations::checkpoint);
            opened.deleteUpTo(Long.MAX_VALUE);
            opened.start();
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        } catch (Exception e) {
            opened.close();
            throw new IOException("journal replay failed: " + e.getMessage(), e);
        }
    }

    /** Writes the database file and drops the journal files it now covers. */
    private void checkpoint() {
        if (journal == null) {
            return;
        }
        try {
            long closed;
            writeLock.lock();
            try {
                if (journal.isEmpty()) {
                    return;
                }
                // every change in the closed file is committed, so the checkpoint below writes it
                closed = journal.rotate();
            } finally {
                writeLock.unlock();
            }
            read(Migrations::checkpoint);
            journal.deleteUpTo(closed);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Store checkpoint failed at {}; retrying", location, e);
        }
    }

    static String defaultUrl() {
        String data = System.getProperty("karaf.data", "data");
        Path file = Path.of(data, "parley", "parley").toAbsolutePath().normalize();
        return "jdbc:h2:file:" + file;
    }

    static String withRequiredSettings(String url) {
        StringBuilder result = new StringBuilder(url);
        String upper = url.toUpperCase(Locale.ROOT);
        for (String[] setting : REQUIRED_SETTINGS) {
            if (!upper.contains(";" + setting[0] + "=")) {
                result.append(';').append(setting[0]).append('=').append(setting[1]);
            }
        }
        return result.toString();
    }

    /** The journal sits beside the database file: {@code <path>.journal/}. */
    static Optional<Path> journalDirectory(String url) {
        Matcher matcher = LOCAL_FILE.matcher(url);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String path = matcher.group(1);
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Optional.of(Path.of(path + ".journal").toAbsolutePath().normalize());
    }
}
