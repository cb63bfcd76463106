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
@Command(scope = "parley", name = "presence-block",
        description = "Keeps a watcher from seeing a user's presence and ends the watcher's subscriptions to it")
public class PresenceBlockCommand extends PresenceAction {

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String user;

    @Argument(index = 1, name = "watcher", description = "who may not watch: " + UserArgument.DESCRIPTION,
            required = true)
    @Completion(AccountAddressCompleter.class)
    String watcher;

    @Override
    void run(PrintStream out) {
        SipAddress address = localUser(user);
        SipAddress blocked = watcher(watcher);
        presence().setWatcherRule(address, blocked, WatcherPolicy.BLOCK);
        out.println(blocked + " may not watch " + address);
    }
}
