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

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.common.SipAddress;

class ActiveCallCompleterTest {

    private final ActiveCallCompleter completer = new ActiveCallCompleter();

    @Test
    void offersTheActiveCallIdsStartingWithWhatWasTyped() {
        completer.calls = mock(CallService.class);
        when(completer.calls.activeCalls()).thenReturn(List.of(call("a1b2"), call("a1c3"), call("ff00")));

        assertEquals(List.of("a1b2", "a1c3"), complete("a1"));
    }

    @Test
    void offersNothingWithoutTheCallFeature() {
        assertEquals(List.of(), complete(""));
    }

    private List<String> complete(String typed) {
        CommandLine commandLine = mock(CommandLine.class);
        when(commandLine.getCursorArgument()).thenReturn(typed);
        when(commandLine.getArgumentPosition()).thenReturn(typed.length());
        List<String> candidates = new ArrayList<>();
        completer.complete(mock(Session.class), commandLine, candidates);
        return candidates.stream().map(String::strip).sorted().toList();
    }

    private static Call call(String id) {
        SipAddress alice = new SipAddress("alice", "example.org");
        return new Call(id, alice, alice, CallState.RINGING, Instant.EPOCH, null, null, null);
    }
}
