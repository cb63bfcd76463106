package dev.parley.call.internal.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.api.call.CallDirection;
import dev.parley.api.call.CallRecord;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.store.CallHistoryStore;

class CallHistoryServiceImplTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    private final CallHistoryStore store = mock(CallHistoryStore.class);
    private final CallHistoryServiceImpl history = new CallHistoryServiceImpl(store);

    @Test
    void historyIsTheStoresNewestFirstListWithTheLimit() {
        Instant started = Instant.parse("2026-11-25T10:00:00Z");
        CallRecord entry = new CallRecord("call-1", ALICE, CallDirection.OUTGOING, ALICE, BOB, started, null,
                started.plusSeconds(30), EndReason.NO_ANSWER);
        when(store.history(ALICE, 5)).thenReturn(List.of(entry));

        assertEquals(List.of(entry), history.history(ALICE, 5));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        ParleyException refused = assertThrows(ParleyException.class, () -> history.history(ALICE, 0));

        assertEquals(ParleyError.INVALID_ARGUMENT, refused.error());
        verify(store, never()).history(eq(ALICE), anyInt());
    }

    @Test
    void deleteOneAndDeleteAllReportWhatTheStoreDeleted() {
        when(store.delete(ALICE, "call-1")).thenReturn(true);
        when(store.deleteAll(BOB)).thenReturn(3);

        assertTrue(history.delete(ALICE, "call-1"));
        assertFalse(history.delete(ALICE, "call-2"));
        assertEquals(3, history.deleteAll(BOB));
    }
}
