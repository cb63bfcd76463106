package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.call.CallService;
import dev.parley.shell.internal.completers.ActiveCallCompleter;

@Service
@Command(scope = "parley", name = "call-hangup", description = "Ends an active call (CANCEL or BYE to both parties)")
public class CallHangupCommand extends ParleyAction {

    @Reference(optional = true)
    CallService calls;

    @Argument(index = 0, name = "id", description = "the call's id, as parley:calls shows it", required = true)
    @Completion(ActiveCallCompleter.class)
    String id;

    @Override
    void run(PrintStream out) {
        CallFeature.installed(calls).hangUp(id);
        out.println("Hung up call " + id);
    }
}
