package dev.parley.shell.internal.completers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.common.SipAddress;

class AccountAddressCompleterTest {

    @Test
    void offersTheAccountsWhoseUserAtDomainStartsWithWhatWasTyped() {
        AccountService accounts = mock(AccountService.class);
        when(accounts.list()).thenReturn(List.of(account("alice", "example.org"), account("albert", "example.com"),
                account("bob", "example.org")));
        AccountAddressCompleter completer = new AccountAddressCompleter();
        completer.accounts = accounts;
        CommandLine commandLine = mock(CommandLine.class);
        when(commandLine.getCursorArgument()).thenReturn("al");
        when(commandLine.getArgumentPosition()).thenReturn(2);
        List<String> candidates = new ArrayList<>();

        completer.complete(mock(Session.class), commandLine, candidates);

        assertEquals(List.of("albert@example.com", "alice@example.org"),
                candidates.stream().map(String::strip).sorted().toList());
    }

    private static Account account(String user, String domain) {
        return new Account(new SipAddress(user, domain), "", true, Instant.EPOCH, Instant.EPOCH);
    }
}
