package dev.parley.shell.internal;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;

@Service
@Command(scope = "parley", name = "account-list", description = "Lists the accounts of every domain")
public class AccountListCommand extends ParleyAction {

    @Reference
    AccountService accounts;

    @Override
    void run(PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("No accounts");
        table.column("Address");
        table.column("Display name");
        table.column("Enabled");
        table.column("Created");
        for (Account account : accounts.list()) {
            table.addRow().addContent(account.address(), account.displayName(), account.enabled() ? "yes" : "no",
                    DateTimeFormatter.ISO_INSTANT.format(account.created().truncatedTo(ChronoUnit.SECONDS)));
        }
        table.print(out);
    }
}
