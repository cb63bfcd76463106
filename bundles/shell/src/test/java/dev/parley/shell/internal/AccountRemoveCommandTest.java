package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.account.AccountService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;

class AccountRemoveCommandTest {

    private final AccountService accounts = mock(AccountService.class);
    private final Console console = new Console();
    private final AccountRemoveCommand command = new AccountRemoveCommand();

    @BeforeEach
    void setUp() {
        command.accounts = accounts;
        command.server = FakeServerInfo.servingExampleDomains();
    }

    @Test
    void removesAUserInTheDefaultDomain() throws CommandException {
        command.user = "alice";

        console.run(command);

        verify(accounts).delete(new SipAddress("alice", "example.org"));
        assertEquals("Removed sip:alice@example.org", console.output().strip());
    }

    @Test
    void removesAnAccountLeftInADomainNoLongerServed() throws CommandException {
        command.user = "sip:old@retired.example.net";

        console.run(command);

        verify(accounts).delete(new SipAddress("old", "retired.example.net"));
    }

    @Test
    void reportsAMissingUser() {
        command.user = "ghost";
        SipAddress ghost = new SipAddress("ghost", "example.org");
        doThrow(new ParleyException(ParleyError.NOT_FOUND, "no account sip:ghost@example.org"))
                .when(accounts).delete(ghost);

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: no account sip:ghost@example.org", error.getNiceHelp());
        assertEquals("", console.output());
    }
}
