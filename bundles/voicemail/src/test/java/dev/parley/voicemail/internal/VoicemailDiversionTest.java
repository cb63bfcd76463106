package dev.parley.voicemail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.call.CallService;
import dev.parley.api.call.DivertedCall;
import dev.parley.api.call.DiversionReason;
import dev.parley.api.call.DivertedSession;
import dev.parley.api.common.SipAddress;
import dev.parley.api.media.MediaEngine;
import dev.parley.api.media.MediaSession;
import dev.parley.api.voicemail.VoicemailCounts;
import dev.parley.api.voicemail.VoicemailSettings;

class VoicemailDiversionTest {

    private static final SipAddress CALLER = new SipAddress("bob", "example.org");

    private final MediaEngine media = mock(MediaEngine.class);
    private final VoicemailServiceImpl mailboxes = mock(VoicemailServiceImpl.class);
    private final CallService calls = mock(CallService.class);
    private final ScheduledExecutorService executor = mock(ScheduledExecutorService.class);
    private VoicemailDiversion diversion;

    @BeforeEach
    void setUp() {
        when(media.prompt(anyString())).thenAnswer(call -> Path.of(call.getArgument(0) + ".wav"));
        doAnswer(call -> {
            call.<Runnable>getArgument(0).run();
            return null;
        }).when(executor).execute(any());
        diversion = new VoicemailDiversion(media, calls, mailboxes, TestConfigs.config(2, 120, true),
                executor, Clock.systemUTC());
    }

    @Test
    void aDisabledMailboxLeavesTheCallAlone() {
        SipAddress alice = new SipAddress("alice", "example.org");
        when(mailboxes.settings(alice)).thenReturn(new VoicemailSettings(false, null));

        assertTrue(diversion.divert(new DivertedCall("c1", CALLER, alice, DiversionReason.BUSY, "v=0")).isEmpty());
        verify(media, never()).open(any());
    }

    @Test
    void theUsersOwnNoAnswerTimeoutIsGivenOnlyWithVoicemailEnabled() {
        SipAddress alice = new SipAddress("alice", "example.org");
        SipAddress carol = new SipAddress("carol", "example.org");
        when(mailboxes.settings(alice)).thenReturn(new VoicemailSettings(true, Duration.ofSeconds(12)));
        when(mailboxes.settings(carol)).thenReturn(new VoicemailSettings(false, Duration.ofSeconds(12)));
        when(mailboxes.settings(CALLER)).thenReturn(new VoicemailSettings(true, null));

        assertEquals(Optional.of(Duration.ofSeconds(12)), diversion.noAnswerTimeout(alice));
        assertTrue(diversion.noAnswerTimeout(carol).isEmpty());
        assertTrue(diversion.noAnswerTimeout(CALLER).isEmpty());
    }

    @Test
    void numericUsersHearTheirDigits() {
        List<Path> greeting = diversion.greeting(new SipAddress("1042", "example.org"));

        assertEquals(List.of("vm-the-person-at.wav", "digit-1.wav", "digit-0.wav", "digit-4.wav", "digit-2.wav",
                "vm-is-unavailable.wav", "beep.wav"), greeting.stream().map(Path::toString).toList());
    }

    @Test
    void othersHearTheGenericPromptAndTheirOwnGreetingFirst() {
        SipAddress alice = new SipAddress("alice", "example.org");
        assertEquals(List.of(Path.of("vm-unavailable.wav"), Path.of("beep.wav")), diversion.greeting(alice));

        when(mailboxes.greeting(alice)).thenReturn(Optional.of(Path.of("own.wav")));
        assertEquals(List.of(Path.of("own.wav"), Path.of("beep.wav")), diversion.greeting(alice));
    }

    @Test
    void theAccessNumberIsClaimedAndOnlyItsOwnDomainsCallersReachTheMenu() {
        SipAddress access = new SipAddress("*98", "example.org");
        assertTrue(diversion.serves(access));
        assertTrue(!diversion.serves(new SipAddress("alice", "example.org")));

        SipAddress foreign = new SipAddress("mallory", "elsewhere.net");
        assertTrue(diversion.divert(new DivertedCall("c1", foreign, access, DiversionReason.UNREGISTERED, "v=0"))
                .isEmpty());
        verify(media, never()).open(any());
    }

    @Test
    void stoppingTheComponentHangsUpTheMenuCallsStillOpen() throws Exception {
        SipAddress alice = new SipAddress("alice", "example.org");
        SipAddress access = new SipAddress("*98", "example.org");
        MediaSession session = mock(MediaSession.class);
        when(media.open("v=0")).thenReturn(session);
        when(mailboxes.counts(alice)).thenReturn(new VoicemailCounts(0, 0, 0, 0, 0, 0, null));
        DivertedSession open = diversion.divert(new DivertedCall("open", alice, access, DiversionReason.UNREGISTERED,
                "v=0")).orElseThrow();
        DivertedSession hungUp = diversion.divert(new DivertedCall("gone", alice, access,
                DiversionReason.UNREGISTERED, "v=0")).orElseThrow();
        hungUp.ended();

        diversion.deactivate();

        verify(calls).hangUp("open");
        verify(calls, never()).hangUp("gone");
        assertTrue(open instanceof RetrievalMenu menu && menu.state() == RetrievalMenu.State.DONE);
    }
}
