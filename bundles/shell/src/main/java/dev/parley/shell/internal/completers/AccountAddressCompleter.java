package dev.parley.shell.internal.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.parley.api.account.AccountService;
import dev.parley.api.common.SipAddress;

/**
 * Completes a user argument with the existing accounts, as {@code alice@example.org}: without the {@code sip:}
 * scheme, so that typing the start of a user name is enough.
 */
@Service
public class AccountAddressCompleter implements Completer {

    @Reference
    AccountService accounts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> addresses = accounts.list().stream().map(account -> userAtDomain(account.address())).toList();
        return new StringsCompleter(addresses).complete(session, commandLine, candidates);
    }

    private static String userAtDomain(SipAddress address) {
        return address.user() + "@" + address.domain();
    }
}
