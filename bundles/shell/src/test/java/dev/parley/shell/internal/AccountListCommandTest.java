package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.common.SipAddress;

class AccountListCommandTest {

    private final AccountService accounts = mock(AccountService.class);
    private final Console console = new Console();
    private final AccountListCommand command = new AccountListCommand();

    @BeforeEach
    void setUp() {
        command.accounts = accounts;
    }

    @Test
    void listsEveryAccountInATable() throws CommandException {
        Instant created = Instant.parse("2026-11-25T10:15:30.123456Z");
        when(accounts.list()).thenReturn(List.of(
                new Account(new SipAddress("alice", "example.org"), "Alice Liddell", true, created, created),
                new Account(new SipAddress("bob", "example.org"), "", false, created, created)));

        console.run(command);

        assertEquals(List.of(
                List.of("Address", "Display name", "Enabled", "Created"),
                List.of("sip:alice@example.org", "Alice Liddell", "yes", "2026-11-25T10:15:30Z"),
                List.of("sip:bob@example.org", "", "no", "2026-11-25T10:15:30Z")),
                console.tableRows());
    }

    @Test
    void saysSoWhenThereAreNoAccounts() throws CommandException {
        when(accounts.list()).thenReturn(List.of());

        console.run(command);

        assertEquals(List.of(List.of("Address", "Display name", "Enabled", "Created")), console.tableRows());
        assertEquals("No accounts", console.output().strip().lines().reduce((first, last) -> last).orElseThrow());
    }
}
