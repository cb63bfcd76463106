package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;

import dev.parley.api.common.ParleyException;

/**
 * What every {@code parley:*} command shares: where it writes, and how an expected failure ends it.
 */
public abstract class ParleyAction implements Action {

    /**
     * The console. Karaf's shell points {@code System.out} at the session running the command (or at the next
     * command of a pipe, so {@code parley:account-list | grep alice} works) and creates a new action for every
     * execution, so this is the caller's console. Tests replace it.
     */
    PrintStream console = System.out;

    /**
     * Runs the command. A {@link ParleyException} becomes a {@link CommandException}: Karaf prints its help text
     * {@code Error: <message>} as the only line, logs it at DEBUG without a stack trace, and a command run through
     * ssh ({@code bin/client "parley:..."}) exits with status 1, so scripts can tell failure from success.
     */
    @Override
    public final Object execute() throws CommandException {
        try {
            run(console);
            return null;
        } catch (ParleyException e) {
            throw new CommandException("Error: " + e.getMessage(), e.getMessage(), e);
        }
    }

    abstract void run(PrintStream out);
}
