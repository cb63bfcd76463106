package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.presence.PresenceService;
import dev.parley.api.presence.PresenceStatus;

class PresenceSetCommandTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");

    private final PresenceService presence = mock(PresenceService.class);
    private final Console console = new Console();
    private final PresenceSetCommand command = new PresenceSetCommand();

    @BeforeEach
    void setUp() {
        command.presence = presence;
        command.server = FakeServerInfo.servingExampleDomains();
        command.user = "alice";
        when(presence.update(eq(ALICE), any(), any(), any())).thenAnswer(inv -> status(inv.getArgument(1),
                inv.getArgument(2), inv.getArgument(3)));
    }

    @Test
    void anActivityIsOpenWithThatActivityAndTheRestIsTheNote() throws CommandException {
        command.status = "Away";
        command.note = List.of("back", "at", "3");

        console.run(command);

        assertEquals("sip:alice@example.org is now open, away (back at 3)", console.output().strip());
    }

    @Test
    void openAndClosedHaveNoActivity() throws CommandException {
        command.status = "offline";

        console.run(command);

        assertEquals("sip:alice@example.org is now closed", console.output().strip());
    }

    @Test
    void clearWithdrawsTheStatusSetHere() throws CommandException {
        command.status = "clear";
        when(presence.clear(ALICE)).thenReturn(true);
        when(presence.status(ALICE)).thenReturn(PresenceStatus.unknown(ALICE));

        console.run(command);

        assertEquals(List.of("Cleared the status set for sip:alice@example.org", "sip:alice@example.org is now closed"),
                console.output().lines().toList());
    }

    @Test
    void availableIsOpenWithoutActivity() throws CommandException {
        command.status = "available";

        console.run(command);

        assertEquals("sip:alice@example.org is now open", console.output().strip());
        verify(presence).update(eq(ALICE), eq(BasicStatus.OPEN), isNull(), isNull());
    }

    private static PresenceStatus status(BasicStatus basic, @Nullable String activity, @Nullable String note) {
        return new PresenceStatus(ALICE, basic, activity, note, Instant.parse("2026-11-25T10:00:00Z"));
    }
}
