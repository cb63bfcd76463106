package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.parley.api.call.CallHistoryService;
import dev.parley.api.call.CallRecord;
import dev.parley.api.server.ServerInfo;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "call-history", description = "Lists a user's ended calls, newest first")
public class CallHistoryCommand extends ParleyAction {

    @Reference(optional = true)
    CallHistoryService history;

    @Reference
    ServerInfo server;

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String user;

    @Option(name = "--limit", aliases = "-n", description = "at most this many calls (default 20)")
    int limit = 20;

    @Override
    void run(PrintStream out) {
        CallHistoryService service = CallFeature.installed(history);
        ShellTable table = new ShellTable().emptyTableText("No calls");
        table.column("Time");
        table.column("Direction");
        table.column("Peer");
        table.column("Duration").alignRight();
        table.column("End reason");
        for (CallRecord entry : service.history(UserArgument.parse(user, server), limit)) {
            table.addRow().addContent(CallFormat.time(entry.started()), entry.direction(), entry.peer(),
                    CallFormat.duration(entry.duration()), entry.endReason());
        }
        table.print(out);
    }
}
