package dev.parley.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.karaf.shell.support.CommandException;

/** Runs a command as Karaf would and keeps what it printed. */
final class Console {

    private static final Pattern TABLE_SEPARATOR = Pattern.compile("[|│]");

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    /** Executes {@code command} with its console pointed at this one. */
    void run(ParleyAction command) throws CommandException {
        command.console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        command.execute();
    }

    String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /**
     * The printed lines that are rows of a table of two or more columns, header first, split into trimmed cells.
     * ShellTable separates columns with '│' where it can tell the console encodes it, else with '|'.
     */
    List<List<String>> tableRows() {
        return output().lines()
                .filter(line -> TABLE_SEPARATOR.matcher(line).find())
                .map(line -> Arrays.stream(TABLE_SEPARATOR.split(line, -1)).map(String::trim).toList())
                .toList();
    }
}
