package dev.parley.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.api.presence.WatcherPolicy;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "presence",
        description = "Shows users' presence as watchers see it, and their watcher rules")
public class PresenceCommand extends PresenceAction {

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION + "; several may be given",
            required = true, multiValued = true)
    @Completion(AccountAddressCompleter.class)
    List<String> users;

    @Override
    void run(PrintStream out) {
        List<SipAddress> addresses = users.stream().map(this::localUser).toList();
        ShellTable statuses = new ShellTable();
        statuses.column("User");
        statuses.column("Basic");
        statuses.column("Activity");
        statuses.column("Note");
        statuses.column("Updated (UTC)");
        for (PresenceStatus status : presence().statuses(addresses)) {
            Instant updated = status.updated();
            statuses.addRow().addContent(status.entity(), status.basic().name().toLowerCase(),
                    orEmpty(status.activity()), orEmpty(status.note()),
                    updated == null ? "" : updated.truncatedTo(ChronoUnit.SECONDS));
        }
        statuses.print(out);
        ShellTable rules = new ShellTable().emptyTableText("No watcher rules (same-domain default applies)");
        rules.column("User");
        rules.column("Watcher");
        rules.column("Rule");
        for (SipAddress user : addresses) {
            for (Map.Entry<SipAddress, WatcherPolicy> rule : presence().watcherRules(user).entrySet()) {
                rules.addRow().addContent(user, rule.getKey(), rule.getValue().name().toLowerCase());
            }
        }
        rules.print(out);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
