package dev.parley.itests.peers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real SIP peers Debian packages (SIPp, sipsak) as processes on this machine. A missing binary fails the
 * test with the package to install: these tests must never pass by skipping.
 */
final class PeerProcess {

    /** What a finished peer returned: its exit code and everything it printed (stdout and stderr). */
    record Result(int exitCode, String output) {
    }

    private PeerProcess() {
    }

    /** The executable {@code name} on the PATH; fails the test naming {@code debianPackage} if there is none. */
    static Path requireBinary(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not installed (not on PATH " + path + "): this test drives the real "
                + name + "; install it with 'apt-get install -y " + debianPackage + "' (.ci/run does)");
    }

    /**
     * Runs {@code command} in {@code directory} and waits for it; fails the test if it does not end within
     * {@code timeout} (the process is killed).
     */
    static Result run(Path directory, Duration timeout, List<String> command)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(directory, "peer-", ".out");
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                    + readPrintable(output));
        }
        return new Result(process.exitValue(), readPrintable(output));
    }

    /**
     * A peer's output file without its terminal control characters (colour escapes): those in an assertion message
     * break the channel between failsafe and its forked JVM, and the failure is then reported as a success.
     */
    static String readPrintable(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1).replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "");
    }

    /** The value of {@code column} in the last line of SIPp's ';'-separated statistics file ({@code -stf}). */
    static String sippStatistic(Path statFile, String column) throws IOException {
        List<String> lines = Files.readAllLines(statFile, StandardCharsets.ISO_8859_1);
        List<String> names = List.of(lines.get(0).split(";", -1));
        int index = names.indexOf(column);
        if (index < 0) {
            throw new AssertionError("no column " + column + " in " + statFile);
        }
        return lines.get(lines.size() - 1).split(";", -1)[index];
    }

    /** Copies the test resource {@code name} (e.g. {@code /sipp/register-auth.xml}) into {@code directory}. */
    static Path copyResource(String name, Path directory) throws IOException {
        Path target = directory.resolve(Path.of(name).getFileName().toString());
        try (InputStream in = PeerProcess.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("Test resource " + name + " not found");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
