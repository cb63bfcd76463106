package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.presence.WatcherPolicy;

@Service
@Command(scope = "parley", name = "presence-block",
        description = "Keeps a watcher from seeing a user's presence and ends the watcher's subscriptions to it")
public class PresenceBlockCommand extends WatcherRuleAction {

    @Override
    void run(PrintStream out) {
        setRule(out, WatcherPolicy.BLOCK, "may not watch");
    }
}
