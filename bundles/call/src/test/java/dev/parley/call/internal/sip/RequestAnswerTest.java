package dev.parley.call.internal.sip;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.Test;

import dev.parley.sip.spi.SipCore;

class RequestAnswerTest {
    private final SipCore sip = mock(SipCore.class);
    private final ServerTransaction transaction = mock(ServerTransaction.class);
    private final Response ok = mock(Response.class);

    @Test
    void aByeOverUdpIsAnsweredThroughTheCoreWithoutATransactionObject() throws Exception {
        RequestEvent bye = event(Request.BYE, "UDP");
        RequestAnswer.of(sip, bye).send(ok);
        verify(sip).respond(bye, ok);
        verify(sip, never()).serverTransaction(bye);
    }

    @Test
    void aReInviteOrARequestOverAStreamGetsItsServerTransaction() throws Exception {
        for (RequestEvent event : new RequestEvent[] { event(Request.INVITE, "UDP"), event(Request.BYE, "TCP") }) {
            when(sip.serverTransaction(event)).thenReturn(transaction);
            RequestAnswer.of(sip, event).send(ok);
            verify(sip).serverTransaction(event);
        }
        verify(transaction, org.mockito.Mockito.times(2)).sendResponse(ok);
        verify(sip, never()).respond(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
    }

    private static RequestEvent event(String method, String transport) throws Exception {
        Request request = mock(Request.class);
        when(request.getMethod()).thenReturn(method);
        ViaHeader via = SipFactory.getInstance().createHeaderFactory().createViaHeader("192.0.2.1", 5060, transport,
                "z9hG4bK1");
        when(request.getHeader(ViaHeader.NAME)).thenReturn(via);
        return new RequestEvent(new Object(), null, null, request);
    }
}
