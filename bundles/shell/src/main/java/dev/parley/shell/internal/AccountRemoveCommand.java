package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.account.AccountService;
import dev.parley.api.common.SipAddress;
import dev.parley.api.server.ServerInfo;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "account-remove", description = "Deletes an account")
public class AccountRemoveCommand extends ParleyAction {

    @Reference
    AccountService accounts;

    @Reference
    ServerInfo server;

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String user;

    @Override
    void run(PrintStream out) {
        // no served-domain check: an account left in a domain no longer served must stay removable
        SipAddress address = UserArgument.parse(user, server);
        accounts.delete(address);
        out.println("Removed " + address);
    }
}
