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

import dev.parley.api.media.MediaEngine;
import dev.parley.api.media.MediaStats;

class MediaCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final MediaEngine media = mock(MediaEngine.class);
    private final Console console = new Console();
    private final MediaCommand command = new MediaCommand();

    @BeforeEach
    void setUp() {
        command.media = media;
        command.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Test
    void listsEachSessionWithItsCountersAndLossRate() throws CommandException {
        when(media.sessions()).thenReturn(List.of(
                new MediaStats("m1", "PCMU/8000", 16384, "192.0.2.7:4000", 995, 250, 5, NOW.minusSeconds(83)),
                new MediaStats("m2", "opus/48000/2", 16386, "", 0, 0, 0, NOW.minusSeconds(2))));

        console.run(command);

        assertEquals(List.of(List.of("Id", "Codec", "Port", "Remote", "In", "Out", "Lost", "Loss", "Age"),
                List.of("m1", "PCMU/8000", "16384", "192.0.2.7:4000", "995", "250", "5", "0.5%", "1:23"),
                List.of("m2", "opus/48000/2", "16386", "", "0", "0", "0", "", "0:02")), console.tableRows());
    }

    @Test
    void saysSoWhenNoSessionIsActive() throws CommandException {
        when(media.sessions()).thenReturn(List.of());

        console.run(command);

        assertTrue(console.output().strip().endsWith("No active media sessions"));
    }

    @Test
    void explainsThatTheMediaFeatureIsMissing() {
        command.media = null;

        CommandException error = assertThrows(CommandException.class, () -> console.run(command));

        assertEquals("Error: " + MediaCommand.NOT_INSTALLED, error.getNiceHelp());
    }
}
