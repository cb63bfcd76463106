package dev.parley.itests.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One copy of the Parley distribution unpacked from its tar.gz and run as a separate operating-system process through
 * its own {@code bin/} scripts, as an administrator would: {@code bin/start}, {@code bin/client}, {@code bin/stop},
 * or killed outright. {@link #close()} never leaves a Karaf JVM of this copy behind.
 */
final class UnpackedKaraf implements AutoCloseable {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final String KARAF_MAIN_CLASS = "org.apache.karaf.main.Main";
    private static final int LOG_TAIL_LINES = 40;
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");

    /** Output (stdout and stderr together) and exit status of one script run. */
    record ScriptResult(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Path unpackedInto;
    private final Path home;

    private UnpackedKaraf(Path unpackedInto, Path home) {
        this.unpackedInto = unpackedInto;
        this.home = home;
    }

    /** Unpacks {@code distribution} (a tar.gz holding one top folder) into a new folder under {@code parent}. */
    static UnpackedKaraf unpack(Path distribution, Path parent) throws IOException, InterruptedException {
        Files.createDirectories(parent);
        Path target = Files.createTempDirectory(parent, "karaf-").toRealPath();
        // tar keeps the file modes, so the bin/ scripts stay executable
        ScriptResult untar = run(List.of("tar", "xzf", distribution.toAbsolutePath().toString(), "-C",
                target.toString()), target);
        if (!untar.succeeded()) {
            throw new IOException("tar xzf " + distribution + " failed: " + untar.output());
        }
        try (var entries = Files.list(target)) {
            List<Path> folders = entries.filter(Files::isDirectory).toList();
            if (folders.size() != 1) {
                throw new IOException("Expected one top folder in " + distribution + ", found " + folders);
            }
            return new UnpackedKaraf(target, folders.get(0));
        }
    }

    /**
     * Sets {@code key = value} in {@code etc/<file>}: replaces the active line for {@code key}, or appends one when
     * the file only has it commented out (or not at all).
     */
    void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve("etc").resolve(file);
        Pattern activeLine = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*$");
        List<String> lines = new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8));
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (activeLine.matcher(lines.get(i)).matches()) {
                lines.set(i, key + " = " + value);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(key + " = " + value);
        }
        Files.write(path, lines, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code bin/start}, which returns at once and leaves Karaf running in the background, and waits until the
     * Karaf JVM exists (bin/karaf launches it a moment later).
     */
    void start() throws IOException, InterruptedException {
        if (karafJvm().isPresent()) {
            throw new IllegalStateException("Karaf of " + home + " is already running");
        }
        ScriptResult result = script("start");
        if (!result.succeeded()) {
            throw new IllegalStateException("bin/start failed (" + result.exitCode() + "): " + result.output());
        }
        long deadline = System.nanoTime() + SCRIPT_TIMEOUT.toNanos();
        while (karafJvm().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No Karaf JVM of " + home + " within " + SCRIPT_TIMEOUT + " of bin/start\n"
                        + result.output());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * Polls {@code bin/client} with each of {@code commands} until all succeed and the first one's output passes
     * {@code firstOutputCheck}; fails with the last output and the tail of Karaf's log after {@code timeout}.
     */
    void awaitReady(Duration timeout, Predicate<String> firstOutputCheck, String... commands)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastOutput = "";
        while (System.nanoTime() < deadline) {
            if (karafJvm().isEmpty()) {
                throw new AssertionError("Karaf of " + home + " is not running\n" + logTail());
            }
            lastOutput = readyOutput(firstOutputCheck, commands);
            if (lastOutput == null) {
                return;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new AssertionError("Karaf of " + home + " not ready within " + timeout + "; last client output:\n"
                + lastOutput + "\n" + logTail());
    }

    /** null when every command succeeded and the first's output passed the check, else what went wrong. */
    private String readyOutput(Predicate<String> firstOutputCheck, String... commands)
            throws IOException, InterruptedException {
        for (int i = 0; i < commands.length; i++) {
            ScriptResult result = client(commands[i]);
            if (!result.succeeded() || (i == 0 && !firstOutputCheck.test(result.output()))) {
                return commands[i] + " -> " + result.exitCode() + ":\n" + result.output();
            }
        }
        return null;
    }

    /** Runs one shell command through {@code bin/client} (batch mode, no terminal). */
    ScriptResult client(String command) throws IOException, InterruptedException {
        return script("client", command);
    }

    /** {@code bin/stop}, then waits until the Karaf JVM has exited. */
    void stop() throws IOException, InterruptedException {
        ProcessHandle jvm = karafJvm().orElseThrow(() -> new IllegalStateException("Karaf of " + home
                + " is not running"));
        ScriptResult result = script("stop");
        if (!result.succeeded()) {
            throw new IllegalStateException("bin/stop failed (" + result.exitCode() + "): " + result.output());
        }
        awaitExit(jvm);
    }

    /** Kills the Karaf JVM with SIGKILL (no shutdown hook, no bundle stops) and waits until it is gone. */
    void kill() throws InterruptedException {
        ProcessHandle jvm = karafJvm().orElseThrow(() -> new IllegalStateException("Karaf of " + home
                + " is not running"));
        jvm.destroyForcibly();
        awaitExit(jvm);
    }

    private static void awaitExit(ProcessHandle process) throws InterruptedException {
        try {
            process.onExit().get(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("Process " + process.pid() + " still alive after " + EXIT_TIMEOUT, e);
        }
    }

    /**
     * The running Karaf JVM of this copy, recognised by its command line (main class and {@code karaf.base}) rather
     * than by {@code karaf.pid}, which a killed JVM leaves behind.
     */
    Optional<ProcessHandle> karafJvm() {
        return ownProcesses().filter(process -> commandLine(process).contains(KARAF_MAIN_CLASS)).findFirst();
    }

    /** Every live process whose command line names this copy: the Karaf JVM, its bin/karaf shell, clients. */
    private Stream<ProcessHandle> ownProcesses() {
        String base = "-Dkaraf.base=" + home;
        String script = home.resolve("bin").toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(process -> {
            String commandLine = commandLine(process);
            return commandLine.contains(base) || commandLine.contains(script);
        });
    }

    /**
     * The full command line. On Linux {@code ProcessHandle.Info} truncates long ones, losing Karaf's main class after
     * its class path, so it comes from {@code /proc} where there is one.
     */
    private static String commandLine(ProcessHandle process) {
        Path procCommandLine = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        if (Files.isReadable(procCommandLine)) {
            try {
                return new String(Files.readAllBytes(procCommandLine), StandardCharsets.UTF_8).replace('\0', ' ');
            } catch (IOException e) {
                return ""; // exited meanwhile, or not ours to read
            }
        }
        return process.info().commandLine().orElse("");
    }

    /** Stops Karaf if it runs, then kills whatever process of this copy is still alive. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (karafJvm().isPresent()) {
                script("stop");
                karafJvm().ifPresent(jvm -> jvm.onExit().completeOnTimeout(null, EXIT_TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS).join());
            }
        } finally {
            List<ProcessHandle> leftovers = ownProcesses().toList();
            leftovers.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle leftover : leftovers) {
                awaitExit(leftover);
            }
        }
    }

    /** Deletes the unpacked copy; only after {@link #close()}. */
    void delete() throws IOException {
        try (Stream<Path> paths = Files.walk(unpackedInto)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The last lines of {@code data/log/karaf.log}, for failure messages. */
    String logTail() {
        Path log = home.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- tail of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no " + log + ": " + e + ")";
        }
    }

    private ScriptResult script(String name, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(name).toString());
        command.addAll(List.of(arguments));
        return run(command, home);
    }

    private static ScriptResult run(List<String> command, Path directory) throws IOException, InterruptedException {
        Path output = Files.createTempFile(directory, ".script-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true)
                    // a file, not a pipe: bin/start's background JVM must not hold a pipe of this test JVM
                    .redirectOutput(output.toFile())
                    .redirectInput(new File("/dev/null"));
            Map<String, String> environment = builder.environment();
            // the scripts locate everything from their own path; an inherited Karaf variable would redirect them
            environment.keySet().removeIf(variable -> variable.startsWith("KARAF_"));
            Process process = builder.start();
            if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not finish within " + SCRIPT_TIMEOUT + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new ScriptResult(process.exitValue(), stripAnsi(Files.readString(output, StandardCharsets.UTF_8)));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String stripAnsi(String text) {
        return ANSI_ESCAPE.matcher(text).replaceAll("");
    }
}
