package dev.parley.shell.internal.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;

/** Completes a call id with the active calls' ids; offers nothing without the call feature. */
@Service
public class ActiveCallCompleter implements Completer {

    @Reference(optional = true)
    CallService calls;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = calls == null ? List.of() : calls.activeCalls().stream().map(Call::id).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
