package dev.parley.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.store.StoredAccount;

class ChangeCodecTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.890123Z");

    static List<Change<?>> changes() {
        StoredAccount account = new StoredAccount(ALICE, "Alice \u00e9\u4e2d", "a".repeat(32), "b".repeat(64), false,
                NOW, NOW.plusSeconds(1));
        Binding full = new Binding(ALICE, "<sip:alice@192.0.2.1;ob>", NOW, 0.5f, "cid", 7, "ws", "192.0.2.1:1",
                List.of("<sip:p1;lr>", "<sip:p2;lr>"), "<urn:uuid:1>", 2, "UA/1", NOW);
        Binding bare = new Binding(ALICE, "sip:b@192.0.2.2", NOW, 1.0f, "cid2", 8, "udp", "192.0.2.2:5060",
                List.of(), null, 0, null, NOW);
        return List.of(new AccountTable.Insert(account), new AccountTable.Update(account),
                new AccountTable.Delete(ALICE), new BindingTable.Update(ALICE, List.of(full, bare), List.of("sip:x")),
                new BindingTable.DeleteAll(ALICE), new BindingTable.DeleteExpired(NOW),
                new SqlChange(List.of(
                        new SqlChange.Statement("MERGE INTO t (a, b, c, d, e, f, g, h) KEY (a) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                Arrays.asList("x\u00e9", 1, 2L, true, 0.25, NOW, new byte[] { 1, 2, 3 }, null)),
                        new SqlChange.Statement("DELETE FROM t", List.of()))));
    }

    @ParameterizedTest
    @MethodSource("changes")
    void everyChangeDecodesToAnEqualChange(Change<?> change) throws IOException {
        assertEquals(change, ChangeCodec.decode(ChangeCodec.encode(change)));
    }
}
