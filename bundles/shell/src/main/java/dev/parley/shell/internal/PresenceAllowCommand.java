package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.WatcherPolicy;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "presence-allow",
        description = "Lets a watcher see a user's presence, whatever the watcher's domain")
public class PresenceAllowCommand extends PresenceAction {

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String user;

    @Argument(index = 1, name = "watcher", description = "who may watch: " + UserArgument.DESCRIPTION,
            required = true)
    String watcher;

    @Override
    void run(PrintStream out) {
        SipAddress address = localUser(user);
        SipAddress allowed = watcher(watcher);
        presence().setWatcherRule(address, allowed, WatcherPolicy.ALLOW);
        out.println(allowed + " may watch " + address);
    }
}
