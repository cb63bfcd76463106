package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.presence.PresenceService;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.api.presence.WatcherPolicy;

class PresenceCommandTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.com");
    private static final SipAddress CAROL = new SipAddress("carol", "other.net");

    private final PresenceService presence = mock(PresenceService.class);
    private final Console console = new Console();
    private final PresenceCommand command = new PresenceCommand();

    @BeforeEach
    void setUp() {
        command.presence = presence;
        command.server = FakeServerInfo.servingExampleDomains();
    }

    @Test
    void showsEachUsersStatusAndRules() throws CommandException {
        command.users = List.of("alice", "bob@example.com");
        when(presence.statuses(List.of(ALICE, BOB))).thenReturn(List.of(
                new PresenceStatus(ALICE, BasicStatus.OPEN, "away", "back at 3",
                        Instant.parse("2026-11-25T10:00:00.456Z")),
                PresenceStatus.unknown(BOB)));
        when(presence.watcherRules(ALICE)).thenReturn(Map.of(CAROL, WatcherPolicy.ALLOW));
        when(presence.watcherRules(BOB)).thenReturn(Map.of());

        console.run(command);

        assertEquals(List.of(List.of("User", "Basic", "Activity", "Note", "Updated (UTC)"),
                List.of("sip:alice@example.org", "open", "away", "back at 3", "2026-11-25T10:00:00Z"),
                List.of("sip:bob@example.com", "closed", "", "", ""),
                List.of("User", "Watcher", "Rule"),
                List.of("sip:alice@example.org", "sip:carol@other.net", "allow")), console.tableRows());
    }

    @Test
    void saysWhenThereAreNoRules() throws CommandException {
        command.users = List.of("alice");
        when(presence.statuses(List.of(ALICE))).thenReturn(List.of(PresenceStatus.unknown(ALICE)));

        console.run(command);

        assertTrue(console.output().contains("No watcher rules"), console.output());
    }

    @Test
    void refusesAUserOfADomainParleyDoesNotServe() {
        command.users = List.of("carol@other.net");

        CommandException e = assertThrows(CommandException.class, () -> console.run(command));
        assertTrue(e.getMessage().contains("not served"), e.getMessage());
    }

    @Test
    void saysSoWithoutThePresenceFeature() {
        command.presence = null;
        command.users = List.of("alice");

        CommandException e = assertThrows(CommandException.class, () -> console.run(command));
        assertEquals(PresenceAction.NOT_INSTALLED, e.getMessage());
    }
}
