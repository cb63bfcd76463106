package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.common.SipAddress;
import dev.parley.api.server.ServerInfo;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "call-originate",
        description = "Click-to-call: rings <from>'s devices and, when one answers, calls <to> and joins the two")
public class CallOriginateCommand extends ParleyAction {

    @Reference(optional = true)
    CallService calls;

    @Reference
    ServerInfo server;

    @Argument(index = 0, name = "from", description = "the user called first (a local user): "
            + UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String from;

    @Argument(index = 1, name = "to", description = "the party then called: " + UserArgument.DESCRIPTION,
            required = true)
    @Completion(AccountAddressCompleter.class)
    String to;

    @Override
    void run(PrintStream out) {
        CallService service = CallFeature.installed(calls);
        SipAddress caller = UserArgument.parseInServedDomain(from, server);
        SipAddress callee = UserArgument.parse(to, server);
        Call call = service.originate(caller, callee);
        out.println("Call " + call.id() + ": ringing " + caller + ", then " + callee);
    }
}
