package dev.parley.shell.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;

@Service
@Command(scope = "parley", name = "calls", description = "Lists the active calls and their state")
public class CallsCommand extends ParleyAction {

    @Reference(optional = true)
    CallService calls;

    /** Replaced by tests to make the durations exact. */
    Clock clock = Clock.systemUTC();

    @Override
    void run(PrintStream out) {
        Instant now = clock.instant();
        ShellTable table = new ShellTable().emptyTableText("No active calls");
        table.column("Id");
        table.column("Caller");
        table.column("Callee");
        table.column("State");
        table.column("Started");
        table.column("Duration").alignRight();
        for (Call call : CallFeature.installed(calls).activeCalls()) {
            Instant answered = call.answered();
            table.addRow().addContent(call.id(), call.caller(), call.callee(), call.state(),
                    CallFormat.time(call.started()),
                    answered == null ? "" : CallFormat.duration(Duration.between(answered, now)));
        }
        table.print(out);
    }
}
