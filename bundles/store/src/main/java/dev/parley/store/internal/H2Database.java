package dev.parley.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

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
 * The embedded H2 database: a connection pool, the schema migrations and the transaction helpers the stores share.
 * Immediate, so a bad configuration or schema shows at start-up; a configuration change reopens it (DS
 * re-activation), and with it the stores that use it.
 */
@Component(service = H2Database.class, configurationPid = StoreConfig.PID, immediate = true)
@Designate(ocd = StoreConfig.class)
public final class H2Database {

    /**
     * Settings Parley relies on, added to any URL that does not set them itself. WRITE_DELAY=0 makes every commit
     * write its MVStore chunk to the file before commit() returns, so a killed JVM loses nothing it acknowledged.
     * DB_CLOSE_ON_EXIT=FALSE leaves closing to {@link #close()} instead of H2's own shutdown hook.
     */
    static final String[][] REQUIRED_SETTINGS = { { "WRITE_DELAY", "0" }, { "DB_CLOSE_ON_EXIT", "FALSE" } };

    private static final Logger LOG = LoggerFactory.getLogger(H2Database.class);

    /** Work done with a connection; may throw SQLException, which the helpers turn into StoreException. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final JdbcConnectionPool pool;
    private final String location;

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
            int applied = write(new Migrations()::apply);
            LOG.info("Store opened at {} ({} migration(s) applied)", location, applied);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    @Deactivate
    public void close() {
        // the database closes with its last connection (DB_CLOSE_DELAY defaults to 0)
        pool.dispose();
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

    /** Runs work in one transaction; committed (and written to the file) when this returns, rolled back on error. */
    public <T> T write(SqlWork<T> work) {
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
}
