package dev.parley.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.api.registration.Binding;
import dev.parley.store.StoredAccount;

/**
 * A JVM killed without warning (as by kill -9) loses no write that returned: a child process writes and reports,
 * is destroyed forcibly while still writing, and every write it reported is found after reopening.
 */
class KillDurabilityTest {

    /** Long enough for a few journal checkpoints (rotations) to happen while writing. */
    private static final long WRITE_FOR_MS = 3 * H2Database.CHECKPOINT_INTERVAL_MS;

    @TempDir
    Path directory;

    @Test
    void everyReportedWriteSurvivesAKill() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", KillDurabilityChild.class.getName(),
                directory.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Integer> reported = new ConcurrentHashMap<>();
        Thread reader = new Thread(() -> readReports(child, reported));
        reader.start();

        long deadline = System.currentTimeMillis() + 60_000;
        long writingSince = 0;
        while (System.currentTimeMillis() < deadline) {
            if (writingSince == 0 && reported.size() == 2) {
                writingSince = System.currentTimeMillis();
            }
            if (writingSince != 0 && System.currentTimeMillis() - writingSince > WRITE_FOR_MS) {
                break;
            }
            Thread.sleep(10);
        }
        assertTrue(child.isAlive(), "the child must still be writing when it is killed");
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        reader.join(10_000);
        assertEquals(2, reported.size(), "the child reported writes of both kinds: " + reported);

        H2Database reopened = TestDatabases.open(directory);
        try {
            int accounts = reported.get("ACCOUNT");
            int bindings = reported.get("BINDING");
            List<StoredAccount> found = new H2AccountStore(reopened).list();
            List<Binding> foundBindings = new H2BindingStore(reopened).all();
            for (int n = 0; n <= accounts; n++) {
                assertTrue(found.contains(account(n)), "account " + n + " of " + accounts + " survived");
            }
            for (int n = 0; n <= bindings; n++) {
                assertTrue(foundBindings.contains(binding(n)), "binding " + n + " of " + bindings + " survived");
            }
        } finally {
            reopened.close();
        }
    }

    /** Keeps the highest number reported for each kind; reads until the killed child's output ends. */
    private static void readReports(Process child, Map<String, Integer> reported) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] parts = line.split(" ");
                if (parts.length == 2) {
                    reported.merge(parts[0], Integer.parseInt(parts[1]), Math::max);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a line cut by the kill ends the reading; what was reported before it stands
        }
    }

    static StoredAccount account(int n) {
        return new StoredAccount(KillDurabilityChild.address(n), "User " + n, "0".repeat(32), "1".repeat(64), true,
                KillDurabilityChild.time(n), KillDurabilityChild.time(n));
    }

    static Binding binding(int n) {
        return new Binding(KillDurabilityChild.address(n), "sip:user" + n + "@192.0.2.1:5060",
                KillDurabilityChild.time(n).plusSeconds(3600), 1.0f, "call-" + n, n, "udp", "192.0.2.1:5060",
                List.of("<sip:edge.kill.test;lr>"), "<urn:uuid:" + n + ">", 1, null, KillDurabilityChild.time(n));
    }
}
