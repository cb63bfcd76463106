package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;

import dev.parley.api.call.CallDirection;
import dev.parley.api.call.CallRecord;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.SipAddress;

/**
 * What every {@link CallHistoryStore} must do. A store implementation extends this class and returns a fresh, empty
 * store from {@link #store()}.
 */
public abstract class CallHistoryStoreContractTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress CAROL = new SipAddress("carol", "example.com");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123Z");

    /** The store under test: empty at the start of each test. */
    protected abstract CallHistoryStore store();

    @Test
    void savedEntryIsListedWithEveryField() {
        CallRecord answered = outgoing("c1", ALICE, BOB, T0, T0.plusSeconds(3), EndReason.CALLER_HUNG_UP);

        save(answered);

        assertEquals(List.of(answered), store().history(ALICE, 10));
    }

    @Test
    void unansweredEntryKeepsNoAnswerTime() {
        CallRecord missed = incoming("c1", ALICE, BOB, T0, null, EndReason.NO_ANSWER);

        save(missed);

        CallRecord found = store().history(BOB, 10).get(0);
        assertEquals(missed, found);
        assertEquals(null, found.answered());
    }

    @Test
    void savingTheSameCallAgainKeepsOneEntryWithTheLastValues() {
        save(outgoing("c1", ALICE, BOB, T0, null, EndReason.FAILED));
        CallRecord again = outgoing("c1", ALICE, BOB, T0, T0.plusSeconds(1), EndReason.CALLEE_HUNG_UP);

        save(again);

        assertEquals(List.of(again), store().history(ALICE, 10));
    }

    @Test
    void bothPartiesEntriesAreSavedTogether() {
        CallRecord callers = outgoing("c1", ALICE, BOB, T0, T0.plusSeconds(2), EndReason.CALLEE_HUNG_UP);
        CallRecord callees = incoming("c1", ALICE, BOB, T0, T0.plusSeconds(2), EndReason.CALLEE_HUNG_UP);

        store().save(List.of(callers, callees));
        store().save(List.of());

        assertEquals(List.of(callers), store().history(ALICE, 10));
        assertEquals(List.of(callees), store().history(BOB, 10));
    }

    @Test
    void historyIsNewestFirstAndLimited() {
        save(outgoing("old", ALICE, BOB, T0, null, EndReason.BUSY));
        save(outgoing("newest", ALICE, BOB, T0.plusSeconds(120), null, EndReason.CANCELLED));
        save(incoming("middle", BOB, ALICE, T0.plusSeconds(60), T0.plusSeconds(61),
                EndReason.CALLER_HUNG_UP));

        assertEquals(List.of("newest", "middle", "old"), callIds(store().history(ALICE, 10)));
        assertEquals(List.of("newest", "middle"), callIds(store().history(ALICE, 2)));
        assertEquals(List.of(), store().history(ALICE, 0));
    }

    @Test
    void historyHoldsOnlyTheOwnersEntries() {
        save(outgoing("c1", ALICE, BOB, T0, null, EndReason.BUSY));
        save(incoming("c1", ALICE, BOB, T0, null, EndReason.BUSY));
        save(incoming("c2", CAROL, BOB, T0.plusSeconds(1), null, EndReason.BUSY));

        assertEquals(CallDirection.OUTGOING, store().history(ALICE, 10).get(0).direction());
        assertEquals(List.of("c2", "c1"), callIds(store().history(BOB, 10)));
        assertEquals(List.of(), store().history(new SipAddress("alice", "example.com"), 10));
    }

    @Test
    void deleteRemovesOnlyThatOwnersEntry() {
        save(outgoing("c1", ALICE, BOB, T0, null, EndReason.BUSY));
        save(incoming("c1", ALICE, BOB, T0, null, EndReason.BUSY));
        save(outgoing("c2", ALICE, BOB, T0.plusSeconds(1), null, EndReason.BUSY));

        assertTrue(store().delete(ALICE, "c1"));

        assertEquals(List.of("c2"), callIds(store().history(ALICE, 10)));
        assertEquals(List.of("c1"), callIds(store().history(BOB, 10)));
        assertFalse(store().delete(ALICE, "c1"));
    }

    @Test
    void deleteAllCountsAndKeepsOtherOwners() {
        save(outgoing("c1", ALICE, BOB, T0, null, EndReason.BUSY));
        save(incoming("c2", CAROL, ALICE, T0, null, EndReason.BUSY));
        save(incoming("c1", ALICE, BOB, T0, null, EndReason.BUSY));

        assertEquals(2, store().deleteAll(ALICE));

        assertEquals(List.of(), store().history(ALICE, 10));
        assertEquals(1, store().history(BOB, 10).size());
        assertEquals(0, store().deleteAll(ALICE));
    }

    @Test
    void instantsAreKeptToTheMillisecond() {
        Instant precise = Instant.parse("2026-11-25T10:00:00.123999999Z");
        save(outgoing("c1", ALICE, BOB, precise, precise, EndReason.CALLER_HUNG_UP));

        CallRecord found = store().history(ALICE, 1).get(0);

        Instant millis = Instant.parse("2026-11-25T10:00:00.123Z");
        assertEquals(millis, found.started());
        assertEquals(millis, found.answered());
    }

    private void save(CallRecord entry) {
        store().save(List.of(entry));
    }

    /** An entry of {@code caller}'s history; the call ends 10 s after it started. */
    private static CallRecord outgoing(String callId, SipAddress caller, SipAddress callee, Instant started,
            @Nullable Instant answered, EndReason reason) {
        return new CallRecord(callId, caller, CallDirection.OUTGOING, caller, callee, started, answered,
                started.plusSeconds(10), reason);
    }

    /** An entry of {@code callee}'s history; the call ends 10 s after it started. */
    private static CallRecord incoming(String callId, SipAddress caller, SipAddress callee, Instant started,
            @Nullable Instant answered, EndReason reason) {
        return new CallRecord(callId, callee, CallDirection.INCOMING, caller, callee, started, answered,
                started.plusSeconds(10), reason);
    }

    private static List<String> callIds(List<CallRecord> records) {
        return records.stream().map(CallRecord::callId).toList();
    }
}
