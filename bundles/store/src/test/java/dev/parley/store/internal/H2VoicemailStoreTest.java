package dev.parley.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailSettings;

class H2VoicemailStoreTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path directory;
    private H2Database database;
    private H2VoicemailStore store;

    @BeforeEach
    void open() {
        database = TestDatabases.open(directory);
        store = new H2VoicemailStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static VoicemailMessage message(String id, SipAddress owner, Instant received) {
        return new VoicemailMessage(id, owner, BOB, received, Duration.ofMillis(5020), false, false);
    }

    @Test
    void listsTheOwnersMessagesNewestFirst() {
        VoicemailMessage older = message("m1", ALICE, T0);
        VoicemailMessage newer = message("m2", ALICE, T0.plusSeconds(60));
        store.save(older);
        store.save(newer);
        store.save(message("m3", BOB, T0));

        assertEquals(List.of(newer, older), store.messages(ALICE));
        assertEquals(Optional.of(older), store.find(ALICE, "m1"));
        assertEquals(Optional.empty(), store.find(BOB, "m1"));
    }

    @Test
    void marksHeardAndDeletesByOwnerAndId() {
        store.save(message("m1", ALICE, T0));

        assertTrue(store.setHeard(ALICE, "m1", true));
        assertTrue(store.find(ALICE, "m1").orElseThrow().heard());
        assertFalse(store.setHeard(BOB, "m1", true));
        assertFalse(store.delete(BOB, "m1"));
        assertTrue(store.delete(ALICE, "m1"));
        assertEquals(List.of(), store.messages(ALICE));
    }

    @Test
    void settingsAndLastCheckAreKeptApart() {
        assertEquals(Optional.empty(), store.settings(ALICE));
        store.checked(ALICE, T0);
        assertEquals(Optional.empty(), store.settings(ALICE));

        store.saveSettings(ALICE, new VoicemailSettings(false, Duration.ofSeconds(15)));
        store.saveSettings(BOB, new VoicemailSettings(true, null));

        assertEquals(Optional.of(new VoicemailSettings(false, Duration.ofSeconds(15))), store.settings(ALICE));
        assertEquals(Optional.of(new VoicemailSettings(true, null)), store.settings(BOB));
        assertEquals(Optional.of(T0), store.lastChecked(ALICE));
        assertEquals(Optional.empty(), store.lastChecked(BOB));
    }

    @Test
    void messagesSurviveAReopenOfTheDatabase() {
        VoicemailMessage message = message("m1", ALICE, T0);
        store.save(message);
        database.close();

        database = TestDatabases.open(directory);

        assertEquals(List.of(message), new H2VoicemailStore(database).messages(ALICE));
    }
}
