package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.common.SipAddress;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "presence-rule-remove",
        description = "Removes a user's allow or block rule for a watcher (the same-domain default applies again)")
public class PresenceRuleRemoveCommand extends PresenceAction {

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String user;

    @Argument(index = 1, name = "watcher", description = UserArgument.DESCRIPTION, required = true)
    String watcher;

    @Override
    void run(PrintStream out) {
        SipAddress address = localUser(user);
        SipAddress other = watcher(watcher);
        out.println(presence().removeWatcherRule(address, other) ? "Removed the rule of " + address + " for " + other
                : address + " had no rule for " + other);
    }
}
