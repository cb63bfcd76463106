package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.call.CallService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;

class CallForwardCommandTest {

    private static final SipAddress CAROL = new SipAddress("carol", "example.org");

    private final CallService calls = mock(CallService.class);
    private final Console console = new Console();
    private final CallForwardCommand command = new CallForwardCommand();

    @BeforeEach
    void setUp() {
        command.calls = calls;
        command.server = FakeServerInfo.servingExampleDomains();
        command.id = "c-42";
        command.target = "carol@example.org";
    }

    @Test
    void forwardsTheRingingCall() throws CommandException {
        console.run(command);

        verify(calls).forward("c-42", CAROL);
        assertEquals("Call c-42 forwarded to sip:carol@example.org", console.output().strip());
    }

    @Test
    void reportsACallNoLongerRinging() {
        doThrow(new ParleyException(ParleyError.INVALID_STATE, "call c-42 is no longer ringing")).when(calls)
                .forward("c-42", CAROL);

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: call c-42 is no longer ringing", error.getNiceHelp());
    }
}
