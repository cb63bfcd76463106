package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;

class AccountAddCommandTest {

    private static final String PASSWORD = "pa55-w0rd-xyz";

    private final AccountService accounts = mock(AccountService.class);
    private final Console console = new Console();
    private final AccountAddCommand command = new AccountAddCommand();

    @BeforeEach
    void setUp() {
        command.accounts = accounts;
        command.server = FakeServerInfo.servingExampleDomains();
        command.password = PASSWORD;
        when(accounts.create(any(), anyString(), anyString())).thenAnswer(call -> new Account(call.getArgument(0),
                call.getArgument(2), true, Instant.EPOCH, Instant.EPOCH));
    }

    @Test
    void createsABareUserInTheDefaultDomainWithAMultiWordDisplayName() throws CommandException {
        command.user = "alice";
        command.displayName = List.of("Alice", "Liddell");

        console.run(command);

        verify(accounts).create(new SipAddress("alice", "example.org"), PASSWORD, "Alice Liddell");
        assertEquals("Created sip:alice@example.org", console.output().strip());
        assertFalse(console.output().contains(PASSWORD));
    }

    @Test
    void createsASipUriInAnotherServedDomainWithoutDisplayName() throws CommandException {
        command.user = "sip:bob@Example.COM";

        console.run(command);

        verify(accounts).create(new SipAddress("bob", "example.com"), PASSWORD, "");
        assertEquals("Created sip:bob@example.com", console.output().strip());
    }

    @Test
    void refusesADomainThatIsNotServed() {
        command.user = "carol@elsewhere.net";

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: domain elsewhere.net is not served by Parley (served: example.org, example.com)",
                error.getNiceHelp());
        verifyNoInteractions(accounts);
        assertEquals("", console.output());
    }

    @Test
    void reportsADuplicateAccountInOneLineWithoutThePassword() {
        command.user = "alice@example.org";
        when(accounts.create(any(), anyString(), anyString()))
                .thenThrow(new ParleyException(ParleyError.ALREADY_EXISTS, "sip:alice@example.org already exists"));

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: sip:alice@example.org already exists", error.getNiceHelp());
        assertFalse(error.getNiceHelp().contains(PASSWORD));
        assertEquals("", console.output());
    }

    @Test
    void reportsAnInvalidUser() {
        command.user = "al ice";

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: invalid user part: 'al ice'", error.getNiceHelp());
        verifyNoInteractions(accounts);
    }
}
