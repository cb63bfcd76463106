package dev.parley.shell.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.parley.api.registration.Binding;
import dev.parley.api.registration.RegistrationService;
import dev.parley.api.server.ServerInfo;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "registrations", description = "Lists the registered contacts of one or all users")
public class RegistrationsCommand extends ParleyAction {

    @Reference
    RegistrationService registrations;

    @Reference
    ServerInfo server;

    @Argument(index = 0, name = "user", description = "only this user: " + UserArgument.DESCRIPTION)
    @Completion(AccountAddressCompleter.class)
    String user;

    /** Replaced by tests to make "expires in" exact. */
    Clock clock = Clock.systemUTC();

    @Override
    void run(PrintStream out) {
        List<Binding> bindings = user == null ? registrations.allBindings()
                : registrations.bindings(UserArgument.parse(user, server));
        Instant now = clock.instant();
        ShellTable table = new ShellTable().emptyTableText("No registrations");
        table.column("AOR");
        table.column("Contact");
        table.column("Transport");
        table.column("Expires in (s)").alignRight();
        table.column("q").alignRight();
        table.column("User agent");
        for (Binding binding : bindings) {
            table.addRow().addContent(binding.aor(), binding.contact(), binding.transport(),
                    binding.expiresIn(now), binding.q(), binding.userAgent() == null ? "" : binding.userAgent());
        }
        table.print(out);
    }
}
