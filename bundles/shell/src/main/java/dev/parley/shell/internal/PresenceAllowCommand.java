package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.presence.WatcherPolicy;

@Service
@Command(scope = "parley", name = "presence-allow",
        description = "Lets a watcher see a user's presence, whatever the watcher's domain")
public class PresenceAllowCommand extends WatcherRuleAction {

    @Override
    void run(PrintStream out) {
        setRule(out, WatcherPolicy.ALLOW, "may watch");
    }
}
