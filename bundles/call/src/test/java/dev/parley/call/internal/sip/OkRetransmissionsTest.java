package dev.parley.call.internal.sip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.sip.SipProvider;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OkRetransmissionsTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SipProvider provider = mock(SipProvider.class);
    private final OkRetransmissions.NoAck noAck = mock(OkRetransmissions.NoAck.class);
    private final OkRetransmissions oks = new OkRetransmissions(timers, provider, noAck);
    private final Response ok = mock(Response.class);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void theOkIsResentAfterT1UntilItsAckArrives() throws Exception {
        oks.start("dialog\n1", ok);

        verify(provider, timeout(OkRetransmissions.T1_MS + 400)).sendResponse(ok);
        assertTrue(oks.acknowledged("dialog\n1"));
        verify(provider, after(2 * OkRetransmissions.T1_MS + 200).times(1)).sendResponse(ok);
        verify(noAck, never()).noAck("dialog\n1");
    }

    @Test
    void anAckForAnotherInviteStopsNothing() {
        oks.start("dialog\n1", ok);

        assertFalse(oks.acknowledged("dialog\n2"));
        assertTrue(oks.acknowledged("dialog\n1"));
        assertFalse(oks.acknowledged("dialog\n1"));
    }

    @Test
    void stopAllEndsEveryRetransmission() throws Exception {
        oks.start("a\n1", ok);
        oks.start("b\n1", ok);

        oks.stopAll();

        verify(provider, after(OkRetransmissions.T1_MS + 200).never()).sendResponse(ok);
    }
}
