package dev.parley.shell.internal;

import java.io.PrintStream;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.parley.api.server.ListeningPoint;
import dev.parley.api.server.ServerInfo;

@Service
@Command(scope = "parley", name = "status", description = "Shows the served domains, listening points and counters")
public class StatusCommand extends ParleyAction {

    @Reference
    ServerInfo server;

    @Override
    void run(PrintStream out) {
        out.println("Domains");
        String defaultDomain = server.defaultDomain();
        for (String domain : server.domains()) {
            out.println("  " + domain + (domain.equals(defaultDomain) ? " (default)" : ""));
        }

        out.println();
        out.println("Listening points");
        ShellTable listeningPoints = new ShellTable().emptyTableText("None");
        listeningPoints.column("Transport");
        listeningPoints.column("Host");
        listeningPoints.column("Port").alignRight();
        for (ListeningPoint point : server.listeningPoints()) {
            listeningPoints.addRow().addContent(point.transport(), point.host(), point.port());
        }
        listeningPoints.print(out);

        out.println();
        out.println("Counters");
        ShellTable counters = new ShellTable().emptyTableText("None");
        counters.column("Name");
        counters.column("Value").alignRight();
        for (Map.Entry<String, Long> counter : server.counters().entrySet()) {
            counters.addRow().addContent(counter.getKey(), counter.getValue());
        }
        counters.print(out);
    }
}
