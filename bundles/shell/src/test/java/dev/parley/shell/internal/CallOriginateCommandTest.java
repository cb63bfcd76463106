package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.common.SipAddress;

class CallOriginateCommandTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.com");

    private final CallService calls = mock(CallService.class);
    private final Console console = new Console();
    private final CallOriginateCommand command = new CallOriginateCommand();

    @BeforeEach
    void setUp() {
        command.calls = calls;
        command.server = FakeServerInfo.servingExampleDomains();
    }

    @Test
    void originatesFromAUserOfTheDefaultDomainToAnAddress() throws CommandException {
        command.from = "alice";
        command.to = "sip:bob@example.com";
        when(calls.originate(ALICE, BOB)).thenReturn(
                new Call("c-7", ALICE, BOB, CallState.INITIATING, Instant.EPOCH, null, null, null));

        console.run(command);

        assertEquals("Call c-7: ringing sip:alice@example.org, then sip:bob@example.com", console.output().strip());
    }

    @Test
    void refusesToCallFromAUserOfADomainParleyDoesNotServe() {
        command.from = "mallory@elsewhere.net";
        command.to = "bob@example.com";

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: domain elsewhere.net is not served by Parley (served: example.org, example.com)",
                error.getNiceHelp());
        verify(calls, never()).originate(any(), any());
    }

    @Test
    void explainsThatTheCallFeatureIsMissing() {
        command.calls = null;
        command.from = "alice";
        command.to = "bob";

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: " + CallFeature.NOT_INSTALLED, error.getNiceHelp());
    }
}
