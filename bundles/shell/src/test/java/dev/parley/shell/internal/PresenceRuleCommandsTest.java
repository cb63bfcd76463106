package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.PresenceService;
import dev.parley.api.presence.WatcherPolicy;

/** parley:presence-allow, presence-block and presence-rule-remove. */
class PresenceRuleCommandsTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress CAROL = new SipAddress("carol", "other.net");

    private final PresenceService presence = mock(PresenceService.class);
    private final Console console = new Console();

    @Test
    void allowLetsAWatcherOfAnyDomainWatch() throws CommandException {
        console.run(wire(new PresenceAllowCommand(), "alice", "sip:carol@other.net"));

        verify(presence).setWatcherRule(ALICE, CAROL, WatcherPolicy.ALLOW);
        assertEquals("sip:carol@other.net may watch sip:alice@example.org", console.output().strip());
    }

    @Test
    void blockReadsABareWatcherNameInTheDefaultDomain() throws CommandException {
        console.run(wire(new PresenceBlockCommand(), "alice@example.org", "bob"));

        verify(presence).setWatcherRule(ALICE, BOB, WatcherPolicy.BLOCK);
        assertEquals("sip:bob@example.org may not watch sip:alice@example.org", console.output().strip());
    }

    @Test
    void ruleRemoveSaysWhetherThereWasARule() throws CommandException {
        PresenceRuleRemoveCommand command = wire(new PresenceRuleRemoveCommand(), "alice", "bob");
        when(presence.removeWatcherRule(ALICE, BOB)).thenReturn(true, false);

        console.run(command);
        console.run(command);

        assertEquals(List.of("Removed the rule of sip:alice@example.org for sip:bob@example.org",
                "sip:alice@example.org had no rule for sip:bob@example.org"), console.output().lines().toList());
    }

    private <T extends WatcherRuleAction> T wire(T command, String user, String watcher) {
        command.presence = presence;
        command.user = user;
        command.watcher = watcher;
        command.server = FakeServerInfo.servingExampleDomains();
        return command;
    }
}
