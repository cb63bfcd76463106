package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.call.CallService;
import dev.parley.api.call.JoinedCalls;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;

class CallJoinCommandTest {

    private final CallService calls = mock(CallService.class);
    private final Console console = new Console();
    private final CallJoinCommand command = new CallJoinCommand();

    @BeforeEach
    void setUp() {
        command.calls = calls;
        command.first = "c-1";
        command.second = "c-2";
    }

    @Test
    void joinsTheCallsAndNamesTheConference() throws CommandException {
        when(calls.join("c-1", "c-2"))
                .thenReturn(new JoinedCalls("conf-9", new SipAddress("alice", "example.org"), List.of("c-1", "c-2")));

        console.run(command);

        assertEquals("Joined calls c-1 and c-2 of sip:alice@example.org into conference conf-9",
                console.output().strip());
    }

    @Test
    void reportsAMissingMediaEngine() {
        when(calls.join("c-1", "c-2")).thenThrow(new ParleyException(ParleyError.SERVICE_UNAVAILABLE,
                "no media engine to mix calls: install feature parley-media"));

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: no media engine to mix calls: install feature parley-media", error.getNiceHelp());
    }

    @Test
    void explainsThatTheCallFeatureIsMissing() {
        command.calls = null;

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: " + CallFeature.NOT_INSTALLED, error.getNiceHelp());
    }
}
