package dev.parley.call.internal.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.osgi.service.event.Event;

import dev.parley.api.call.CallDirection;
import dev.parley.api.call.CallRecord;
import dev.parley.api.call.CallService;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.SipAddress;
import dev.parley.api.server.ServerInfo;
import dev.parley.store.CallHistoryStore;

class CallHistoryRecorderTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.com");
    private static final SipAddress MALLORY = new SipAddress("mallory", "elsewhere.net");
    private static final Instant STARTED = Instant.parse("2026-11-25T10:00:00.100Z");
    private static final Instant ANSWERED = STARTED.plusSeconds(4);
    private static final Instant ENDED = STARTED.plusSeconds(64);

    private final CallHistoryStore store = mock(CallHistoryStore.class);
    private final ServerInfo server = mock(ServerInfo.class);
    private final CallHistoryRecorder recorder = new CallHistoryRecorder(store, server);

    @BeforeEach
    void serveExampleDomains() {
        when(server.isLocalDomain(any())).thenAnswer(call -> List.of("example.org", "example.com")
                .contains(call.getArgument(0, String.class)));
    }

    @Test
    void answeredCallBetweenLocalUsersGivesTheCallerAnOutgoingAndTheCalleeAnIncomingEntry() {
        recorder.handleEvent(ended("call-1", ALICE, BOB, ANSWERED, EndReason.CALLEE_HUNG_UP));

        assertEquals(List.of(
                new CallRecord("call-1", ALICE, CallDirection.OUTGOING, ALICE, BOB, STARTED, ANSWERED, ENDED,
                        EndReason.CALLEE_HUNG_UP),
                new CallRecord("call-1", BOB, CallDirection.INCOMING, ALICE, BOB, STARTED, ANSWERED, ENDED,
                        EndReason.CALLEE_HUNG_UP)),
                saved(1));
    }

    @Test
    void unansweredCallHasNoAnswerTimeAndNoDuration() {
        recorder.handleEvent(ended("call-2", ALICE, BOB, null, EndReason.NO_ANSWER));

        List<CallRecord> entries = saved(1);
        assertEquals(null, entries.get(0).answered());
        assertEquals(EndReason.NO_ANSWER, entries.get(1).endReason());
        assertEquals(0, entries.get(1).duration().toMillis());
    }

    @Test
    void aPartyOfAForeignDomainGetsNoEntry() {
        recorder.handleEvent(ended("call-3", MALLORY, BOB, ANSWERED, EndReason.CALLER_HUNG_UP));

        List<CallRecord> entries = saved(1);
        assertEquals(BOB, entries.get(0).owner());
        assertEquals(CallDirection.INCOMING, entries.get(0).direction());
        assertEquals(MALLORY, entries.get(0).peer());
    }

    @Test
    void aCallBetweenForeignPartiesIsNotRecorded() {
        recorder.handleEvent(ended("call-4", MALLORY, new SipAddress("trent", "elsewhere.net"), null,
                EndReason.FAILED));

        verify(store, never()).save(any());
    }

    @Test
    void aRepeatedEventSavesTheSameEntriesAgainSoTheStoreKeepsOnePerParty() {
        Event event = ended("call-5", ALICE, BOB, ANSWERED, EndReason.TERMINATED);

        recorder.handleEvent(event);
        recorder.handleEvent(event);

        List<CallRecord> entries = saved(2);
        assertEquals(entries.subList(0, 2), entries.subList(2, 4));
    }

    @Test
    void timesGivenAsAnotherNumberTypeAreAccepted() {
        Map<String, Object> properties = properties("call-6", ALICE, BOB, null, EndReason.BUSY);
        properties.put(CallService.PROPERTY_STARTED, (int) 1_000);
        properties.put(CallService.PROPERTY_ENDED, 2_000.0);

        recorder.handleEvent(new Event(CallService.TOPIC_ENDED, properties));

        CallRecord entry = saved(1).get(0);
        assertEquals(Instant.ofEpochMilli(1_000), entry.started());
        assertEquals(Instant.ofEpochMilli(2_000), entry.ended());
    }

    @Test
    void malformedEventsAreIgnoredWithoutWritingAnything() {
        Map<String, Object> noEnd = properties("call-7", ALICE, BOB, null, EndReason.BUSY);
        noEnd.remove(CallService.PROPERTY_ENDED);
        Map<String, Object> unknownReason = properties("call-8", ALICE, BOB, null, EndReason.BUSY);
        unknownReason.put(CallService.PROPERTY_REASON, "EATEN_BY_A_GRUE");
        Map<String, Object> badAddress = properties("call-9", ALICE, BOB, null, EndReason.BUSY);
        badAddress.put(CallService.PROPERTY_CALLER, "not an address");
        Map<String, Object> textTime = properties("call-10", ALICE, BOB, null, EndReason.BUSY);
        textTime.put(CallService.PROPERTY_STARTED, "yesterday");

        for (Map<String, Object> properties : List.of(noEnd, unknownReason, badAddress, textTime)) {
            recorder.handleEvent(new Event(CallService.TOPIC_ENDED, properties));
        }

        verify(store, never()).save(any());
    }

    /** The entries of {@code saves} store writes, in order. */
    @SuppressWarnings("unchecked")
    private List<CallRecord> saved(int saves) {
        ArgumentCaptor<List<CallRecord>> entries = ArgumentCaptor.forClass(List.class);
        verify(store, times(saves)).save(entries.capture());
        return entries.getAllValues().stream().flatMap(List::stream).toList();
    }

    private static Event ended(String callId, SipAddress caller, SipAddress callee, Instant answered,
            EndReason reason) {
        return new Event(CallService.TOPIC_ENDED, properties(callId, caller, callee, answered, reason));
    }

    /** The properties the call service posts with an ended call, as mutable map. */
    private static Map<String, Object> properties(String callId, SipAddress caller, SipAddress callee,
            Instant answered, EndReason reason) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CallService.PROPERTY_CALL_ID, callId);
        properties.put(CallService.PROPERTY_CALLER, caller.uri());
        properties.put(CallService.PROPERTY_CALLEE, callee.uri());
        properties.put(CallService.PROPERTY_STATE, "ENDED");
        properties.put(CallService.PROPERTY_REASON, reason.name());
        properties.put(CallService.PROPERTY_STARTED, STARTED.toEpochMilli());
        if (answered != null) {
            properties.put(CallService.PROPERTY_ANSWERED, answered.toEpochMilli());
        }
        properties.put(CallService.PROPERTY_ENDED, ENDED.toEpochMilli());
        return properties;
    }
}
