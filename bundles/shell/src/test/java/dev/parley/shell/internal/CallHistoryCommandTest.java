package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.call.CallDirection;
import dev.parley.api.call.CallHistoryService;
import dev.parley.api.call.CallRecord;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.SipAddress;

class CallHistoryCommandTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.com");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00.750Z");

    private final CallHistoryService history = mock(CallHistoryService.class);
    private final Console console = new Console();
    private final CallHistoryCommand command = new CallHistoryCommand();

    @BeforeEach
    void setUp() {
        command.history = history;
        command.server = FakeServerInfo.servingExampleDomains();
        command.user = "alice";
    }

    @Test
    void listsTimeDirectionPeerTalkTimeAndEndReason() throws CommandException {
        when(history.history(ALICE, 20)).thenReturn(List.of(
                new CallRecord("c-2", ALICE, CallDirection.INCOMING, BOB, ALICE, T0.plusSeconds(600), null,
                        T0.plusSeconds(630), EndReason.NO_ANSWER),
                new CallRecord("c-1", ALICE, CallDirection.OUTGOING, ALICE, BOB, T0, T0.plusSeconds(5),
                        T0.plusSeconds(130), EndReason.CALLEE_HUNG_UP)));

        console.run(command);

        assertEquals(List.of(List.of("Time", "Direction", "Peer", "Duration", "End reason"),
                List.of("2026-11-25T10:10:00Z", "INCOMING", "sip:bob@example.com", "0:00", "NO_ANSWER"),
                List.of("2026-11-25T10:00:00Z", "OUTGOING", "sip:bob@example.com", "2:05", "CALLEE_HUNG_UP")),
                console.tableRows());
    }

    @Test
    void passesTheLimitOn() throws CommandException {
        command.user = "sip:bob@example.com";
        command.limit = 3;
        when(history.history(BOB, 3)).thenReturn(List.of());

        console.run(command);

        verify(history).history(BOB, 3);
        assertTrue(console.output().strip().endsWith("No calls"));
    }

    @Test
    void explainsThatTheCallFeatureIsMissing() {
        command.history = null;

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: " + CallFeature.NOT_INSTALLED, error.getNiceHelp());
    }
}
