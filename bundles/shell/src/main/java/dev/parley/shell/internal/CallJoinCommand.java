package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.call.CallService;
import dev.parley.api.call.JoinedCalls;
import dev.parley.shell.internal.completers.ActiveCallCompleter;

@Service
@Command(scope = "parley", name = "call-join",
        description = "Joins two calls of one user into a three-party conference (needs feature parley-media)")
public class CallJoinCommand extends ParleyAction {

    @Reference(optional = true)
    CallService calls;

    @Argument(index = 0, name = "first", description = "a call of the user, as parley:calls shows it",
            required = true)
    @Completion(ActiveCallCompleter.class)
    String first;

    @Argument(index = 1, name = "second", description = "the user's other call", required = true)
    @Completion(ActiveCallCompleter.class)
    String second;

    @Override
    void run(PrintStream out) {
        JoinedCalls joined = CallFeature.installed(calls).join(first, second);
        out.println("Joined calls " + first + " and " + second + " of " + joined.commonParty() + " into conference "
                + joined.id());
    }
}
