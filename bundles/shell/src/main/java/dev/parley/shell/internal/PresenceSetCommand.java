package dev.parley.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "presence-set",
        description = "Sets a user's status on the user's behalf (composed with what the user's phones publish)")
public class PresenceSetCommand extends PresenceAction {

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String user;

    @Argument(index = 1, name = "status", required = true, description = "open (or online, available), closed (or"
            + " offline), clear (withdraws the status set here), or an RPID activity such as away, busy, meeting,"
            + " on-the-phone (open with that activity; other words are a free-text activity)")
    String status;

    @Argument(index = 2, name = "note", description = "free text shown to watchers", multiValued = true)
    List<String> note = List.of();

    @Override
    void run(PrintStream out) {
        SipAddress address = localUser(user);
        String word = status.strip().toLowerCase(Locale.ROOT);
        String text = note.isEmpty() ? null : String.join(" ", note);
        PresenceStatus result = switch (word) {
            case "clear" -> {
                out.println(presence().clear(address) ? "Cleared the status set for " + address
                        : "No status was set for " + address);
                yield presence().status(address);
            }
            case "open", "online", "available" -> presence().update(address, BasicStatus.OPEN, null, text);
            case "closed", "offline" -> presence().update(address, BasicStatus.CLOSED, null, text);
            default -> presence().update(address, BasicStatus.OPEN, word, text);
        };
        out.println(address + " is now " + result.basic().name().toLowerCase()
                + (result.activity() == null ? "" : ", " + result.activity())
                + (result.note() == null ? "" : " (" + result.note() + ")"));
    }
}
