package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.server.ServerInfo;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "account-passwd", description = "Sets the password of an account")
public class AccountPasswdCommand extends ParleyAction {

    @Reference
    AccountService accounts;

    @Reference
    ServerInfo server;

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String user;

    @Argument(index = 1, name = "password", description = "the new SIP digest password; never shown",
            required = true)
    String password;

    @Override
    void run(PrintStream out) {
        Account account = accounts.setPassword(UserArgument.parse(user, server), password);
        out.println("Password changed for " + account.address());
    }
}
