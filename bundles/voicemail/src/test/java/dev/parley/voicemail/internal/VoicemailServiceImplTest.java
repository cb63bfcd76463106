package dev.parley.voicemail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailCounts;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailService;
import dev.parley.api.voicemail.VoicemailSettings;
import dev.parley.store.VoicemailStore;

class VoicemailServiceImplTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path root;
    private final VoicemailStore store = mock(VoicemailStore.class);
    private final EventAdmin eventAdmin = mock(EventAdmin.class);
    private Mailboxes mailboxes;

    @BeforeEach
    void setUp() {
        mailboxes = new Mailboxes(root);
    }

    private VoicemailServiceImpl service() throws IOException {
        return new VoicemailServiceImpl(store, eventAdmin, TestConfigs.config(2, 120, true), mailboxes,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static VoicemailMessage message(String id, boolean urgent, boolean heard) {
        return new VoicemailMessage(id, ALICE, BOB, NOW, Duration.ofSeconds(5), urgent, heard);
    }

    @Test
    void countsSplitNewOldAndUrgent() throws IOException {
        when(store.messages(ALICE)).thenReturn(List.of(message("a", true, false), message("b", false, false),
                message("c", true, true), message("d", false, true), message("e", false, true)));
        when(store.lastChecked(ALICE)).thenReturn(Optional.of(NOW));

        assertEquals(new VoicemailCounts(5, 2, 2, 3, 1, 1, NOW), service().counts(ALICE));
    }

    @Test
    void listingRecordsTheLastCheck() throws IOException {
        service().messages(ALICE);

        verify(store).checked(ALICE, NOW);
    }

    @Test
    void markingHeardPostsHeardAndCounts() throws IOException {
        when(store.find(ALICE, "a")).thenReturn(Optional.of(message("a", false, false)));
        when(store.messages(ALICE)).thenReturn(List.of(message("a", false, true)));

        VoicemailMessage heard = service().markHeard(ALICE, "a", true);

        assertTrue(heard.heard());
        verify(store).setHeard(ALICE, "a", true);
        ArgumentCaptor<Event> events = ArgumentCaptor.forClass(Event.class);
        verify(eventAdmin, times(2)).postEvent(events.capture());
        assertEquals(VoicemailService.TOPIC_HEARD, events.getAllValues().get(0).getTopic());
        Event counts = events.getAllValues().get(1);
        assertEquals(VoicemailService.TOPIC_COUNTS_CHANGED, counts.getTopic());
        assertEquals("sip:alice@example.org", counts.getProperty(VoicemailService.PROPERTY_AOR));
        assertEquals(0, counts.getProperty(VoicemailService.PROPERTY_NEW));
        assertEquals(1, counts.getProperty(VoicemailService.PROPERTY_OLD));
    }

    @Test
    void markingAnUnknownMessageIsNotFound() throws IOException {
        VoicemailServiceImpl service = service();
        assertThrows(ParleyException.class, () -> service.markHeard(ALICE, "nope", true));
        verify(eventAdmin, never()).postEvent(any());
    }

    @Test
    void deleteRemovesMetadataAndFile() throws IOException {
        VoicemailServiceImpl service = service();
        Path file = service.newMessageFile(ALICE, "a");
        Files.write(file, new byte[] { 1 });
        when(store.delete(ALICE, "a")).thenReturn(true);

        assertTrue(service.delete(ALICE, "a"));
        assertFalse(Files.exists(file));
        assertFalse(service.delete(ALICE, "b"));
    }

    @Test
    void startupRemovesPartFilesAndUnlistedMessagesOnly() throws IOException {
        Path listed = mailboxes.message(ALICE, "listed");
        Files.createDirectories(listed.getParent());
        Files.write(listed, new byte[] { 1 });
        Path unlisted = Files.write(mailboxes.message(ALICE, "unlisted"), new byte[] { 1 });
        Path part = Files.write(listed.resolveSibling("other.wav.part"), new byte[] { 1 });
        Path greeting = Files.write(mailboxes.greeting(ALICE), new byte[] { 1 });
        when(store.find(ALICE, "listed")).thenReturn(Optional.of(message("listed", false, false)));
        when(store.find(ALICE, "unlisted")).thenReturn(Optional.empty());

        service();

        assertTrue(Files.exists(listed));
        assertTrue(Files.exists(greeting));
        assertFalse(Files.exists(unlisted));
        assertFalse(Files.exists(part));
    }

    @Test
    void greetingMustBeAWavAndCanBeCleared() throws IOException {
        VoicemailServiceImpl service = service();
        Path notWav = Files.writeString(root.resolve("note.txt"), "hello");
        Path wav = Files.write(root.resolve("hello.wav"), wavHeader(7, 8000, 8));
        Path wideAlaw = Files.write(root.resolve("wide-alaw.wav"), wavHeader(6, 16000, 8));
        Path cd = Files.write(root.resolve("cd.wav"), wavHeader(1, 44100, 16));

        assertEquals(ParleyError.INVALID_ARGUMENT,
                assertThrows(ParleyException.class, () -> service.setGreeting(ALICE, notWav)).error());
        assertEquals(ParleyError.UNSUPPORTED_MEDIA_TYPE,
                assertThrows(ParleyException.class, () -> service.setGreeting(ALICE, wideAlaw)).error());
        assertEquals(ParleyError.UNSUPPORTED_MEDIA_TYPE,
                assertThrows(ParleyException.class, () -> service.setGreeting(ALICE, cd)).error());
        // recorded over G.722 (16 kHz PCM), played at half the rate
        service.setGreeting(ALICE, Files.write(root.resolve("wide.wav"), wavHeader(1, 16000, 16)));
        service.setGreeting(ALICE, wav);
        assertEquals(Optional.of(mailboxes.greeting(ALICE)), service.greeting(ALICE));
        assertTrue(service.clearGreeting(ALICE));
        assertEquals(Optional.empty(), service.greeting(ALICE));
    }

    /** A RIFF/WAVE header with a mono fmt chunk of this format tag, rate and sample size. */
    private static byte[] wavHeader(int format, int rate, int bits) {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        header.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) format).putShort((short) 1)
                .putInt(rate).putInt(rate * bits / 8).putShort((short) (bits / 8)).putShort((short) bits);
        header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        return header.array();
    }

    @Test
    void settingsDefaultToTheConfiguration() throws IOException {
        assertEquals(new VoicemailSettings(true, null), service().settings(ALICE));
    }

    @Test
    void addressesCannotEscapeTheRoot() {
        Path folder = mailboxes.folder(new SipAddress("..", "example.org"));
        assertTrue(folder.normalize().startsWith(root));
        assertThrows(IllegalArgumentException.class, () -> mailboxes.message(ALICE, "../x"));
    }
}
