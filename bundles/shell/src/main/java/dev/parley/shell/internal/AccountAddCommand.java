package dev.parley.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.server.ServerInfo;

@Service
@Command(scope = "parley", name = "account-add", description = "Creates an account in a domain Parley serves")
public class AccountAddCommand extends ParleyAction {

    @Reference
    AccountService accounts;

    @Reference
    ServerInfo server;

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    String user;

    @Argument(index = 1, name = "password", description = "the SIP digest password; never shown", required = true)
    String password;

    @Argument(index = 2, name = "display-name", description = "shown to callees, e.g. Alice Liddell",
            multiValued = true)
    List<String> displayName = List.of();

    @Override
    void run(PrintStream out) {
        Account account = accounts.create(UserArgument.parseInServedDomain(user, server), password,
                String.join(" ", displayName));
        out.println("Created " + account.address());
    }
}
