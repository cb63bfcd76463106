package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.call.CallService;
import dev.parley.api.common.SipAddress;
import dev.parley.api.server.ServerInfo;
import dev.parley.shell.internal.completers.AccountAddressCompleter;
import dev.parley.shell.internal.completers.ActiveCallCompleter;

@Service
@Command(scope = "parley", name = "call-forward",
        description = "Deflects a ringing call to another user: the callee's devices stop ringing, the target's start")
public class CallForwardCommand extends ParleyAction {

    @Reference(optional = true)
    CallService calls;

    @Reference
    ServerInfo server;

    @Argument(index = 0, name = "id", description = "the ringing call's id, as parley:calls shows it", required = true)
    @Completion(ActiveCallCompleter.class)
    String id;

    @Argument(index = 1, name = "target", description = "the user to ring instead: " + UserArgument.DESCRIPTION,
            required = true)
    @Completion(AccountAddressCompleter.class)
    String target;

    @Override
    void run(PrintStream out) {
        CallService service = CallFeature.installed(calls);
        SipAddress to = UserArgument.parse(target, server);
        service.forward(id, to);
        out.println("Call " + id + " forwarded to " + to);
    }
}
