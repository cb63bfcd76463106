package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;

import javax.sip.ResponseEvent;
import javax.sip.message.Response;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;

import dev.parley.sip.spi.SipStrayResponseHandler;

/** Responses without a client transaction reach the stray-response whiteboard through the dispatcher. */
class StrayResponseHandlersTest {
    private final RecordingSipCore core = new RecordingSipCore();
    private final HandlerRegistry registry = new HandlerRegistry();
    private final SipDispatcher dispatcher = new SipDispatcher(registry, core, new SipErrorMapper(core, () -> 30),
            new Counters(), new UdpTransactions(new ResponseCache(64 * 1024), System::currentTimeMillis));

    @SuppressWarnings("unchecked")
    private SipStrayResponseHandler bind(long serviceId, int ranking, boolean takes) throws Exception {
        SipStrayResponseHandler handler = mock(SipStrayResponseHandler.class);
        when(handler.handleStray(any())).thenReturn(takes);
        ComponentServiceObjects<SipStrayResponseHandler> objects = mock(ComponentServiceObjects.class);
        when(objects.getService()).thenReturn(handler);
        registry.addStrayHandler(objects, Map.of(Constants.SERVICE_ID, serviceId, Constants.SERVICE_RANKING, ranking));
        return handler;
    }

    private ResponseEvent stray() {
        Response ok = core.createResponse(Response.OK, core.request("INVITE"));
        return new ResponseEvent(this, null, null, ok);
    }

    @Test
    void aResponseWithoutTransactionIsOfferedByRankingUntilOneTakesIt() throws Exception {
        SipStrayResponseHandler declines = bind(1, 10, false);
        SipStrayResponseHandler takes = bind(2, 5, true);
        SipStrayResponseHandler last = bind(3, 0, true);
        ResponseEvent event = stray();

        dispatcher.processResponse(event);

        verify(declines).handleStray(event);
        verify(takes).handleStray(event);
        verify(last, never()).handleStray(any());
    }

    @Test
    void aFailingHandlerIsSkippedAndARemovedOneIsNoLongerAsked() throws Exception {
        SipStrayResponseHandler failing = bind(1, 10, false);
        when(failing.handleStray(any())).thenThrow(new IllegalStateException("broken"));
        SipStrayResponseHandler removed = bind(2, 5, true);
        registry.removeStrayHandler(null, Map.of(Constants.SERVICE_ID, 2L));

        assertEquals(false, registry.strays().offer(stray()));
        verify(removed, never()).handleStray(any());
    }
}
