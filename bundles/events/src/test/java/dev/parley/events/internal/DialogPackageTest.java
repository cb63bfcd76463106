package dev.parley.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionDecision;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.event.SubscriptionState;

class DialogPackageTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final String NS = DialogInfoDocument.NAMESPACE;

    private final SubscriptionService subscriptions = mock(SubscriptionService.class);
    private final DialogPackage dialogPackage = new DialogPackage(subscriptions);

    private void call(String topic, String callId, SipAddress caller, SipAddress callee) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("callId", callId);
        properties.put("caller", caller.uri());
        properties.put("callee", callee.uri());
        dialogPackage.handleEvent(new Event("parley/call/" + topic, properties));
    }

    private List<Element> dialogsOf(SipAddress user, long version) throws Exception {
        String xml = dialogPackage.currentState(new Subscription("s", "dialog", BOB, user, SubscriptionState.ACTIVE,
                Instant.EPOCH, version)).body();
        Element root = ReginfoDocumentTest.parse(xml).getDocumentElement();
        assertEquals("dialog-info", root.getLocalName());
        assertEquals(NS, root.getNamespaceURI());
        assertEquals(user.uri(), root.getAttribute("entity"));
        assertEquals(Long.toString(version), root.getAttribute("version"));
        NodeList dialogs = root.getElementsByTagNameNS(NS, "dialog");
        return java.util.stream.IntStream.range(0, dialogs.getLength()).mapToObj(i -> (Element) dialogs.item(i))
                .toList();
    }

    private static String text(Element dialog, String name) {
        return dialog.getElementsByTagNameNS(NS, name).item(0).getTextContent().trim();
    }

    @Test
    void aUserWithoutCallsHasNoDialogs() throws Exception {
        assertEquals(List.of(), dialogsOf(ALICE, 0));
    }

    @Test
    void callEventsMoveBothPartiesThroughTheDialogStates() throws Exception {
        call("CREATED", "c1", ALICE, BOB);
        assertEquals("trying", text(dialogsOf(ALICE, 1).get(0), "state"));
        call("RINGING", "c1", ALICE, BOB);
        Element bobsDialog = dialogsOf(BOB, 2).get(0);
        assertEquals("early", text(bobsDialog, "state"));
        assertEquals("recipient", bobsDialog.getAttribute("direction"));
        assertEquals(ALICE.uri(), text(bobsDialog, "remote"));
        call("ANSWERED", "c1", ALICE, BOB);
        Element alicesDialog = dialogsOf(ALICE, 3).get(0);
        assertEquals("confirmed", text(alicesDialog, "state"));
        assertEquals("initiator", alicesDialog.getAttribute("direction"));

        call("ENDED", "c1", ALICE, BOB);
        assertEquals("terminated", text(dialogsOf(ALICE, 4).get(0), "state"));
        call("CREATED", "c2", ALICE, BOB);
        List<Element> next = dialogsOf(ALICE, 5);
        assertEquals(1, next.size(), "the ended call is dropped at the next event");
        assertEquals("trying", text(next.get(0), "state"));
        verify(subscriptions, org.mockito.Mockito.times(5)).stateChanged("dialog", ALICE);
        verify(subscriptions, org.mockito.Mockito.times(5)).stateChanged("dialog", BOB);
    }

    @Test
    void aUserInSeveralCallsKeepsTheLiveOnesAndLosesEachEndedOneAtTheNextEvent() throws Exception {
        for (String callId : List.of("c1", "c2", "c3")) {
            call("ANSWERED", callId, ALICE, BOB);
        }
        call("ENDED", "c2", ALICE, BOB);
        assertEquals(List.of("confirmed", "terminated", "confirmed"),
                dialogsOf(ALICE, 4).stream().map(dialog -> text(dialog, "state")).toList());
        call("CREATED", "c4", ALICE, BOB);
        assertEquals(List.of("confirmed", "confirmed", "trying"),
                dialogsOf(ALICE, 5).stream().map(dialog -> text(dialog, "state")).toList(), "c1, c3, c4");
    }

    @Test
    void eventsWithoutPartiesOrOfOtherTopicsChangeNothing() throws Exception {
        dialogPackage.handleEvent(new Event("parley/call/CREATED", Map.of("callId", "c1", "caller", ALICE.uri())));
        call("SOMETHING_ELSE", "c1", ALICE, BOB);

        assertEquals(List.of(), dialogsOf(ALICE, 0));
        verify(subscriptions, never()).stateChanged("dialog", ALICE);
    }

    private static Call callInProgress(String id, SipAddress caller, SipAddress callee, CallState state) {
        return new Call(id, caller, callee, state, Instant.EPOCH, null, null, null);
    }

    @Test
    void theCallsInProgressOfABoundCallServiceAreTheTruthAfterARestartOrAMissedEvent() throws Exception {
        SipAddress carol = new SipAddress("carol", "example.org");
        call("ANSWERED", "missed-end", carol, BOB);
        clearInvocations(subscriptions);
        CallService calls = mock(CallService.class);
        when(calls.activeCalls()).thenReturn(List.of(callInProgress("c1", ALICE, BOB, CallState.ESTABLISHED),
                callInProgress("c2", new SipAddress("dave", "example.org"), ALICE, CallState.RINGING)));

        dialogPackage.bindCallService(calls);

        List<Element> alices = dialogsOf(ALICE, 1);
        assertEquals(List.of("confirmed", "early"), alices.stream().map(d -> text(d, "state")).toList());
        assertEquals("terminated", text(dialogsOf(carol, 1).get(0), "state"), "its ENDED was missed");
        List<Element> bobs = dialogsOf(BOB, 1);
        assertEquals(1, bobs.size(), "the dialog that ended makes way for the next call, as after an event");
        assertEquals("confirmed", text(bobs.get(0), "state"));
        verify(subscriptions).stateChanged("dialog", ALICE);
        verify(subscriptions).stateChanged("dialog", carol);

        clearInvocations(subscriptions);
        call("ENDED", "c1", ALICE, BOB);
        dialogPackage.bindCallService(calls); // a list older than the ENDED event does not bring the call back
        assertEquals("terminated", text(dialogsOf(ALICE, 2).get(0), "state"));
        verify(subscriptions, times(1)).stateChanged("dialog", ALICE);
    }

    @Test
    void usersOfTheSameDomainMayWatchOthersMayNot() {
        assertEquals(SubscriptionDecision.ACCEPT, dialogPackage.authorize(BOB, ALICE));
        assertEquals(SubscriptionDecision.REJECT,
                dialogPackage.authorize(new SipAddress("eve", "example.com"), ALICE));
    }
}
