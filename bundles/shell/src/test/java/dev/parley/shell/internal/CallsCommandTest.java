package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.common.SipAddress;

class CallsCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress CAROL = new SipAddress("carol", "example.com");

    private final CallService calls = mock(CallService.class);
    private final Console console = new Console();
    private final CallsCommand command = new CallsCommand();

    @BeforeEach
    void setUp() {
        command.calls = calls;
        command.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Test
    void listsEachActiveCallWithItsTalkTimeOnceAnswered() throws CommandException {
        when(calls.activeCalls()).thenReturn(List.of(
                new Call("c-1", ALICE, BOB, CallState.ESTABLISHED, NOW.minusSeconds(3_730),
                        NOW.minusSeconds(3_723), null, null),
                new Call("c-2", CAROL, ALICE, CallState.RINGING, NOW.minusSeconds(5), null, null, null),
                new Call("c-3", BOB, CAROL, CallState.HELD, NOW.minusSeconds(90), NOW.minusSeconds(62), null, null)));

        console.run(command);

        assertEquals(List.of(List.of("Id", "Caller", "Callee", "State", "Started", "Duration"),
                List.of("c-1", "sip:alice@example.org", "sip:bob@example.org", "ESTABLISHED",
                        "2026-11-25T08:57:50Z", "1:02:03"),
                List.of("c-2", "sip:carol@example.com", "sip:alice@example.org", "RINGING",
                        "2026-11-25T09:59:55Z", ""),
                List.of("c-3", "sip:bob@example.org", "sip:carol@example.com", "HELD", "2026-11-25T09:58:30Z",
                        "1:02")),
                console.tableRows());
    }

    @Test
    void saysSoWhenNoCallIsActive() throws CommandException {
        when(calls.activeCalls()).thenReturn(List.of());

        console.run(command);

        assertTrue(console.output().strip().endsWith("No active calls"));
    }

    @Test
    void explainsThatTheCallFeatureIsMissing() {
        command.calls = null;

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: " + CallFeature.NOT_INSTALLED, error.getNiceHelp());
    }
}
