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

class CallHangupCommandTest {

    private final CallService calls = mock(CallService.class);
    private final Console console = new Console();
    private final CallHangupCommand command = new CallHangupCommand();

    @BeforeEach
    void setUp() {
        command.calls = calls;
        command.id = "c-42";
    }

    @Test
    void hangsUpTheCall() throws CommandException {
        console.run(command);

        verify(calls).hangUp("c-42");
        assertEquals("Hung up call c-42", console.output().strip());
    }

    @Test
    void reportsAnUnknownCall() {
        doThrow(new ParleyException(ParleyError.NO_SUCH_CALL, "no active call c-42")).when(calls).hangUp("c-42");

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: no active call c-42", error.getNiceHelp());
        assertEquals("", console.output());
    }

    @Test
    void explainsThatTheCallFeatureIsMissing() {
        command.calls = null;

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: " + CallFeature.NOT_INSTALLED, error.getNiceHelp());
    }
}
