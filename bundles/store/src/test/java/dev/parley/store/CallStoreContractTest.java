package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;

/**
 * What every {@link CallStore} must do. A store implementation extends this class and returns a fresh, empty store
 * from {@link #store()}.
 */
public abstract class CallStoreContractTest {

    private static final Instant STARTED = Instant.parse("2026-03-04T05:06:07.890Z");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    /** The store under test: empty at the start of each test. */
    protected abstract CallStore store();

    @Test
    void everyFieldOfBothLegsRoundTrips() {
        StoredCall call = call("c1", STARTED, 1, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");

        store().save(call);

        assertEquals(List.of(call), store().all());
    }

    @Test
    void aLegWithoutSessionDescriptionOrRoutesRoundTrips() {
        StoredCallLeg bare = new StoredCallLeg("sip-b", "<sip:parley@192.0.2.9>", "t2", "<sip:bob@example.org>",
                "t3", "sip:bob@192.0.2.2:5062", List.of(), "tcp", 1, 0, null);
        StoredCall call = new StoredCall("c1", ALICE, BOB, "ESTABLISHED", STARTED, STARTED.plusSeconds(1),
                leg("sip-a", 1, null), bare);

        store().save(call);

        assertEquals(List.of(call), store().all());
    }

    @Test
    void aLegsFlowRoundTrips() {
        StoredCallLeg webSocket = new StoredCallLeg("sip-b", "<sip:parley@192.0.2.9>", "t2", "<sip:bob@example.org>",
                "t3", "sip:bob@df7jal23ls0d.invalid;transport=ws", List.of(), "ws", 1, 0, null, "ws",
                "127.0.0.1:40123");
        StoredCall call = new StoredCall("c1", ALICE, BOB, "ESTABLISHED", STARTED, STARTED.plusSeconds(1),
                leg("sip-a", 1, null), webSocket);

        store().save(call);

        assertEquals(List.of(call), store().all());
    }

    @Test
    void saveReplacesTheCallAndItsLegs() {
        store().save(call("c1", STARTED, 1, null));
        StoredCall later = new StoredCall("c1", ALICE, BOB, "HELD", STARTED, STARTED.plusSeconds(2),
                leg("sip-a", 7, "v=0\r\n"), leg("sip-b", 9, null));

        store().save(later);

        assertEquals(List.of(later), store().all());
    }

    @Test
    void callsComeOldestFirst() {
        StoredCall newer = call("c-newer", STARTED.plusSeconds(5), 1, null);
        StoredCall older = call("c-older", STARTED, 1, null);
        store().save(newer);
        store().save(older);

        assertEquals(List.of(older, newer), store().all());
    }

    @Test
    void deleteRemovesOnlyThatCall() {
        StoredCall kept = call("c2", STARTED, 1, null);
        store().save(call("c1", STARTED, 1, null));
        store().save(kept);

        assertTrue(store().delete("c1"));

        assertEquals(List.of(kept), store().all());
        assertFalse(store().delete("c1"));
    }

    private static StoredCall call(String id, Instant started, long cseq, String sdp) {
        return new StoredCall(id, ALICE, BOB, "ESTABLISHED", started, started.plusMillis(1500),
                leg(id + "-a", cseq, sdp), leg(id + "-b", cseq + 1, sdp));
    }

    private static StoredCallLeg leg(String sipCallId, long cseq, String sdp) {
        return new StoredCallLeg(sipCallId, "\"Parley\" <sip:bob@example.org>", "tag-l", "<sip:alice@example.org>",
                "tag-r", "sip:alice@192.0.2.1:5060;transport=udp",
                List.of("<sip:edge1.example;lr>", "<sip:edge2.example;lr>"), "udp", cseq, cseq + 10, sdp);
    }
}
