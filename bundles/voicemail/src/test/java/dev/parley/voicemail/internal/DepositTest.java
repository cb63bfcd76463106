package dev.parley.voicemail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import dev.parley.api.call.DivertedCall;
import dev.parley.api.call.DiversionReason;
import dev.parley.api.common.SipAddress;
import dev.parley.api.media.DtmfSource;
import dev.parley.api.media.MediaSession;
import dev.parley.api.voicemail.VoicemailMessage;

class DepositTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Path FILE = Path.of("m1.wav");
    private static final List<Path> GREETING = List.of(Path.of("greeting.wav"), Path.of("beep.wav"));

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final MediaSession media = mock(MediaSession.class);
    private final Deposit.Outcome outcome = mock(Deposit.Outcome.class);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Deposit deposit(Duration maximum) {
        DivertedCall call = new DivertedCall("c1", BOB, ALICE, DiversionReason.UNREGISTERED, "v=0");
        Deposit deposit = new Deposit(call, "m1", media, FILE, new Deposit.Limits(Duration.ofSeconds(2), maximum),
                outcome, executor, Clock.fixed(NOW, ZoneOffset.UTC));
        deposit.start(GREETING);
        return deposit;
    }

    private void settle() throws Exception {
        executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void greetingThenRecordingUntilPoundKeepsTheMessageAndHangsUp() throws Exception {
        Deposit deposit = deposit(Duration.ofMinutes(2));
        verify(media).play(GREETING, deposit);
        verify(media, never()).record(any());

        deposit.finished(media, true);
        settle();
        verify(media).record(FILE);
        assertEquals(Deposit.Phase.RECORDING, deposit.phase());

        when(media.stopRecording()).thenReturn(Duration.ofMillis(5000));
        deposit.digit(media, '#', DtmfSource.RTP_EVENT);
        settle();

        verify(outcome).keep(new VoicemailMessage("m1", ALICE, BOB, NOW, Duration.ofMillis(5000), false, false));
        verify(outcome).hangUp("c1");
        assertEquals(Deposit.Phase.DONE, deposit.phase());
    }

    @Test
    void poundDuringTheGreetingSkipsIt() throws Exception {
        Deposit deposit = deposit(Duration.ofMinutes(2));

        deposit.digit(media, '#', DtmfSource.SIP_INFO);
        settle();

        verify(media).stopPlaying();
        verify(outcome, never()).hangUp(any());
    }

    @Test
    void aTooShortMessageIsDropped() throws Exception {
        Deposit deposit = deposit(Duration.ofMinutes(2));
        deposit.finished(media, true);
        when(media.stopRecording()).thenReturn(Duration.ofMillis(1500));

        deposit.ended();
        settle();

        ArgumentCaptor<VoicemailMessage> dropped = ArgumentCaptor.forClass(VoicemailMessage.class);
        verify(outcome).drop(dropped.capture());
        assertEquals("m1", dropped.getValue().id());
        verify(outcome, never()).keep(any());
        verify(outcome, never()).hangUp(any());
        verify(media).close();
        verify(outcome).closed(deposit);
    }

    @Test
    void hangingUpDuringTheGreetingRecordsNothing() throws Exception {
        Deposit deposit = deposit(Duration.ofMinutes(2));

        deposit.ended();
        deposit.finished(media, false); // the close stops the playback
        settle();

        verify(media, never()).record(any());
        verify(media, never()).stopRecording();
        verify(outcome, never()).keep(any());
        verify(media).close();
    }

    @Test
    void theMaximumLengthEndsTheRecording() throws Exception {
        when(media.stopRecording()).thenReturn(Duration.ofMillis(300));
        Deposit deposit = deposit(Duration.ofMillis(300));
        deposit.finished(media, true);

        Thread.sleep(600);
        settle();

        verify(outcome).hangUp("c1");
        verify(outcome).drop(any()); // 300 ms is under the 2 s minimum
        assertEquals(Deposit.Phase.DONE, deposit.phase());
    }

    @Test
    void stoppingKeepsWhatWasRecorded() throws Exception {
        Deposit deposit = deposit(Duration.ofMinutes(2));
        deposit.finished(media, true);
        settle();
        when(media.stopRecording()).thenReturn(Duration.ofSeconds(3));

        deposit.stop();
        deposit.ended();
        settle();

        verify(outcome).keep(any());
        verify(outcome).hangUp("c1");
        verify(media).close();
    }
}
