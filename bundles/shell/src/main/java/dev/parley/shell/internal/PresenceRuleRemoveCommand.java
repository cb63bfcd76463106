package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.common.SipAddress;

@Service
@Command(scope = "parley", name = "presence-rule-remove",
        description = "Removes a user's allow or block rule for a watcher (the same-domain default applies again)")
public class PresenceRuleRemoveCommand extends WatcherRuleAction {

    @Override
    void run(PrintStream out) {
        SipAddress address = localUser(user);
        SipAddress other = watcher(watcher);
        out.println(presence().removeWatcherRule(address, other) ? "Removed the rule of " + address + " for " + other
                : address + " had no rule for " + other);
    }
}
