package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailCounts;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailService;

class VoicemailCommandsTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    private final VoicemailService voicemail = mock(VoicemailService.class);
    private final Console console = new Console();

    private <T extends VoicemailAction> T command(T command, VoicemailService service) {
        command.voicemail = service;
        command.server = FakeServerInfo.servingExampleDomains();
        command.user = "alice";
        return command;
    }

    @Test
    void listsMessagesWithCounts() throws CommandException {
        when(voicemail.counts(ALICE)).thenReturn(new VoicemailCounts(2, 1, 1, 1, 1, 0, null));
        when(voicemail.messages(ALICE)).thenReturn(List.of(
                new VoicemailMessage("m2", ALICE, BOB, Instant.parse("2026-11-25T10:00:00Z"), Duration.ofSeconds(5),
                        true, false),
                new VoicemailMessage("m1", ALICE, BOB, Instant.parse("2026-11-25T09:00:00Z"), Duration.ofSeconds(65),
                        false, true)));

        console.run(command(new VoicemailCommand(), voicemail));

        assertTrue(console.output().startsWith("sip:alice@example.org: 1 new, 1 old (urgent 1/0)"), console.output());
        List<List<String>> rows = console.tableRows();
        assertEquals(List.of("Id", "Received", "From", "Length", "State"), rows.get(0));
        assertEquals("m2", rows.get(1).get(0));
        assertEquals("new urgent", rows.get(1).get(4));
        assertEquals("old", rows.get(2).get(4));
    }

    @Test
    void deletesAMessageOrSaysThereIsNone() throws CommandException {
        VoicemailDeleteCommand delete = command(new VoicemailDeleteCommand(), voicemail);
        delete.id = "m1";
        when(voicemail.delete(ALICE, "m1")).thenReturn(true);

        console.run(delete);
        assertTrue(console.output().contains("Deleted message m1"));

        delete.id = "m9";
        assertThrows(CommandException.class, () -> console.run(delete));
    }

    @Test
    void setsOrClearsTheGreetingButNotBoth() throws CommandException {
        VoicemailGreetingCommand greeting = command(new VoicemailGreetingCommand(), voicemail);
        greeting.file = "/tmp/hello.wav";
        console.run(greeting);
        verify(voicemail).setGreeting(ALICE, Path.of("/tmp/hello.wav"));

        greeting.clear = true;
        assertThrows(CommandException.class, () -> console.run(greeting));

        greeting.file = null;
        console.run(greeting);
        verify(voicemail).clearGreeting(ALICE);
    }

    @Test
    void saysWhenTheFeatureIsMissing() {
        VoicemailCommand list = command(new VoicemailCommand(), null);

        CommandException failure = assertThrows(CommandException.class, () -> console.run(list));
        assertTrue(failure.getMessage().contains("parley-voicemail"), failure.getMessage());
        verifyNoInteractions(voicemail);
    }
}
