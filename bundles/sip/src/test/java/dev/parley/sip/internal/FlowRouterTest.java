package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.message.Request;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.stack.HopImpl;

class FlowRouterTest {
    private final OutgoingRequests requests = new OutgoingRequests(new MessageFactoryImpl(), new HeaderFactoryImpl(),
            new AddressFactoryImpl());
    private final Router stackRouter = mock(Router.class);
    private final Hop stackHop = new HopImpl("192.0.2.1", 5060, "UDP");
    private final FlowRouter router = new FlowRouter(stackRouter);

    @BeforeEach
    void stackRoutesByTheRequestUri() throws Exception {
        when(stackRouter.getNextHop(any())).thenReturn(stackHop);
    }

    private Request request(List<String> routes) throws Exception {
        DialogState dialog = new DialogState("c@test", "<sip:alice@example.org>", "l", "<sip:bob@example.org>", null,
                "sip:bob@df7jal23ls0d.invalid;transport=ws", routes, "ws");
        return requests.inDialog(dialog, Request.INVITE, 1, requests.via("127.0.0.1", 5066, "ws"),
                requests.contact("", "127.0.0.1", 5066, "ws"));
    }

    @Test
    void pinnedRequestGoesToItsFlowInUpperCaseTransport() throws Exception {
        Hop hop = router.getNextHop(FlowRouter.pin(request(List.of()), new RequestSource("ws", "127.0.0.1", 40123)));

        assertEquals("127.0.0.1", hop.getHost());
        assertEquals(40123, hop.getPort());
        assertEquals("WS", hop.getTransport());
    }

    @Test
    void unpinnedRequestIsRoutedByTheStack() throws Exception {
        assertSame(stackHop, router.getNextHop(FlowRouter.pin(request(List.of()), null)));
    }

    @Test
    void routeSetWinsOverTheFlow() throws Exception {
        Request viaPath = FlowRouter.pin(request(List.of("<sip:edge.example.org;lr>")),
                new RequestSource("ws", "127.0.0.1", 40123));

        assertSame(stackHop, router.getNextHop(viaPath));
    }
}
