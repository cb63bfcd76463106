package dev.parley.voicemail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

import dev.parley.api.common.SipAddress;
import dev.parley.api.media.DtmfSource;
import dev.parley.api.media.MediaSession;
import dev.parley.api.voicemail.VoicemailCounts;
import dev.parley.api.voicemail.VoicemailMessage;

class RetrievalMenuTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final VoicemailMessage NEWER = new VoicemailMessage("m2", ALICE, BOB,
            Instant.parse("2026-11-25T11:00:00Z"), Duration.ofSeconds(5), false, false);
    private static final VoicemailMessage OLDER = new VoicemailMessage("m1", ALICE, BOB,
            Instant.parse("2026-11-25T10:00:00Z"), Duration.ofSeconds(5), false, true);

    @TempDir
    Path folder;
    private final MediaSession media = mock(MediaSession.class);
    private final VoicemailServiceImpl voicemail = mock(VoicemailServiceImpl.class);
    private final MediaCall.Calls calls = mock(MediaCall.Calls.class);
    private RetrievalMenu menu;

    private static List<Path> prompt(String name) {
        return List.of(Path.of(name + ".wav"));
    }

    private static List<Path> files(String... names) {
        return Arrays.stream(names).map(name -> Path.of(name + ".wav")).toList();
    }

    @BeforeEach
    void start() {
        when(voicemail.messages(ALICE)).thenReturn(List.of(NEWER, OLDER));
        when(voicemail.counts(ALICE)).thenReturn(new VoicemailCounts(2, 1, 1, 1, 0, 0, null));
        when(voicemail.audio(eq(ALICE), any())).thenAnswer(call -> Path.of(call.getArgument(1) + ".wav"));
        when(voicemail.markHeard(eq(ALICE), eq("m2"), eq(true))).thenReturn(NEWER.withHeard(true));
        menu = new RetrievalMenu("c1", ALICE, media, voicemail, RetrievalMenuTest::prompt, Runnable::run, calls);
        menu.start();
    }

    private void press(char digit) {
        menu.digit(media, digit, DtmfSource.RTP_EVENT);
    }

    @Test
    void announcesTheCountsAndTheMenu() {
        verify(media).play(files("vm-you-have", "digit-1", "vm-new-message", "digit-1", "vm-old-message",
                "vm-main-menu"), menu);
    }

    @Test
    void listensNewestFirstMarksHeardAtTheEndAndMovesOn() {
        press('1');
        verify(media).play(files("m2"), menu);
        assertEquals(RetrievalMenu.State.LISTENING, menu.state());

        menu.finished(media, true);
        verify(voicemail).markHeard(ALICE, "m2", true);
        assertEquals(RetrievalMenu.State.MENU, menu.state());

        press('#');
        verify(media).play(files("m1"), menu);
        press('#');
        verify(media).play(files("vm-no-more-messages"), menu);
    }

    @Test
    void anInterruptedMessageStaysNew() {
        press('1');
        menu.finished(media, false);

        verify(voicemail, never()).markHeard(any(), any(), eq(true));
    }

    @Test
    void deletesAndSavesTheCurrentMessage() {
        press('7');
        verify(voicemail).delete(ALICE, "m2");
        verify(media).play(files("vm-message-deleted"), menu);
        assertEquals(1, menu.remaining());

        press('9');
        verify(voicemail).markHeard(ALICE, "m1", true);
        press('1');
        verify(media).play(files("m1"), menu);
    }

    @Test
    void recordsANewGreetingUntilPound() throws Exception {
        Path recorded = Files.write(folder.resolve("new-greeting.wav"), new byte[] { 1 });
        when(voicemail.newMessageFile(ALICE, VoicemailServiceImpl.NEW_GREETING)).thenReturn(recorded);

        press('5');
        verify(media).play(files("vm-record-greeting", "beep"), menu);
        assertEquals(RetrievalMenu.State.RECORDING_GREETING, menu.state());
        press('1'); // digits other than # do not interrupt the recording
        verify(media, never()).play(files("m2"), menu);

        menu.finished(media, true);
        verify(media).record(recorded);
        press('#');

        InOrder order = inOrder(media, voicemail);
        order.verify(media).stopRecording();
        order.verify(voicemail).setGreeting(ALICE, recorded);
        verify(media).play(files("vm-greeting-saved"), menu);
        assertEquals(false, Files.exists(recorded));
        assertEquals(RetrievalMenu.State.MENU, menu.state());
    }

    /** Presses 5 and lets the prompt end: a new greeting is being recorded into the returned file. */
    private Path recordingAGreeting() throws Exception {
        Path recorded = Files.write(folder.resolve("new-greeting.wav"), new byte[] { 1 });
        when(voicemail.newMessageFile(ALICE, VoicemailServiceImpl.NEW_GREETING)).thenReturn(recorded);
        press('5');
        menu.finished(media, true);
        return recorded;
    }

    @Test
    void hangingUpWhileRecordingAGreetingKeepsTheOldOne() throws Exception {
        Path recorded = recordingAGreeting();

        menu.ended();

        verify(voicemail, never()).setGreeting(any(), any());
        assertEquals(false, Files.exists(recorded));
        verify(media).close();
        verify(calls).closed(menu);
        verify(calls, never()).hangUp(any());
        assertEquals(RetrievalMenu.State.DONE, menu.state());
    }

    @Test
    void stoppingHangsUpOnceAndDiscardsAGreetingBeingRecorded() throws Exception {
        Path recorded = recordingAGreeting();

        menu.stop();
        menu.stop();
        press('1');

        verify(calls).hangUp("c1");
        verify(media).stopRecording();
        verify(voicemail, never()).setGreeting(any(), any());
        assertEquals(false, Files.exists(recorded));
        verify(media, never()).play(files("m2"), menu);
        assertEquals(RetrievalMenu.State.DONE, menu.state());
    }

    @Test
    void stoppingAfterTheCallerHungUpDoesNotHangUpAgain() {
        menu.ended();
        menu.stop();

        verify(calls, never()).hangUp(any());
    }
}
