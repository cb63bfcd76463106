package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.WatcherPolicy;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

/** The presence commands about one user's rule for one watcher: {@code <user> <watcher>}. */
abstract class WatcherRuleAction extends PresenceAction {

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String user;

    @Argument(index = 1, name = "watcher", description = "the watcher: " + UserArgument.DESCRIPTION
            + " (any domain)", required = true)
    @Completion(AccountAddressCompleter.class)
    String watcher;

    /** Sets the rule and says what it means, e.g. "sip:bob@example.org may not watch sip:alice@example.org". */
    void setRule(PrintStream out, WatcherPolicy policy, String verb) {
        SipAddress address = localUser(user);
        SipAddress other = watcher(watcher);
        presence().setWatcherRule(address, other, policy);
        out.println(other + " " + verb + " " + address);
    }
}
