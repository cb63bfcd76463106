package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;

class AccountPasswdCommandTest {

    private static final String PASSWORD = "n3w-pa55-w0rd";

    private final AccountService accounts = mock(AccountService.class);
    private final Console console = new Console();
    private final AccountPasswdCommand command = new AccountPasswdCommand();

    @BeforeEach
    void setUp() {
        command.accounts = accounts;
        command.server = FakeServerInfo.servingExampleDomains();
        command.password = PASSWORD;
    }

    @Test
    void setsThePasswordOfAUserInTheDefaultDomain() throws CommandException {
        command.user = "alice";
        SipAddress alice = new SipAddress("alice", "example.org");
        when(accounts.setPassword(alice, PASSWORD))
                .thenReturn(new Account(alice, "Alice", true, Instant.EPOCH, Instant.EPOCH));

        console.run(command);

        verify(accounts).setPassword(alice, PASSWORD);
        assertEquals("Password changed for sip:alice@example.org", console.output().strip());
        assertFalse(console.output().contains(PASSWORD));
    }

    @Test
    void reportsAMissingUserWithoutThePassword() {
        command.user = "ghost@example.com";
        when(accounts.setPassword(any(), anyString()))
                .thenThrow(new ParleyException(ParleyError.NOT_FOUND, "no account sip:ghost@example.com"));

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: no account sip:ghost@example.com", error.getNiceHelp());
        assertFalse(error.getNiceHelp().contains(PASSWORD));
        assertEquals("", console.output());
    }
}
