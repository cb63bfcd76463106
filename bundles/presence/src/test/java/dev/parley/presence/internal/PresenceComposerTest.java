package dev.parley.presence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.presence.internal.PresenceComposer.Composition;
import dev.parley.presence.internal.PresenceComposer.Part;
import dev.parley.presence.internal.pidf.PidfDocument;
import dev.parley.presence.internal.pidf.PidfParser;
import dev.parley.presence.internal.pidf.PidfTuple;

class PresenceComposerTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void nothingPublishedIsOneClosedTuple() throws Exception {
        Composition composition = PresenceComposer.compose(ALICE, List.of(), null);

        assertEquals(PresenceStatus.unknown(ALICE), composition.status());
        PidfDocument document = PidfParser.parse(composition.pidf());
        assertEquals("sip:alice@example.org", document.entity());
        assertEquals(List.of(new PidfTuple("parley", BasicStatus.CLOSED, null, null)), document.tuples());
    }

    @Test
    void openWinsOverClosedAndEveryTupleIsKept() throws Exception {
        Composition composition = PresenceComposer.compose(ALICE, List.of(
                part(T0, null, null, tuple("desk", BasicStatus.CLOSED)),
                part(T0.plusSeconds(1), null, null, tuple("mobile", BasicStatus.OPEN))), null);

        assertEquals(BasicStatus.OPEN, composition.status().basic());
        assertEquals(List.of("desk", "mobile"),
                PidfParser.parse(composition.pidf()).tuples().stream().map(PidfTuple::id).toList());
    }

    @Test
    void allClosedIsClosed() {
        Composition composition = PresenceComposer.compose(ALICE, List.of(
                part(T0, null, null, tuple("desk", BasicStatus.CLOSED)), part(T0, null, null, tuple("x", null))),
                null);

        assertEquals(BasicStatus.CLOSED, composition.status().basic());
    }

    @Test
    void theNewestPublicationThatStatesActivitiesOrANoteDecidesEach() {
        Composition composition = PresenceComposer.compose(ALICE, List.of(
                part(T0.plusSeconds(20), null, null, tuple("c", BasicStatus.OPEN)),
                part(T0, List.of("away"), "gone fishing", tuple("a", BasicStatus.OPEN)),
                part(T0.plusSeconds(10), List.of("meeting"), null, tuple("b", BasicStatus.OPEN))), null);

        assertEquals(new PresenceStatus(ALICE, BasicStatus.OPEN, "meeting", "gone fishing", T0.plusSeconds(20)),
                composition.status());
    }

    @Test
    void anEmptyActivityListOfANewerPublicationClearsAnOlderActivity() {
        Composition composition = PresenceComposer.compose(ALICE, List.of(
                part(T0, List.of("away"), null, tuple("a", BasicStatus.OPEN)),
                part(T0.plusSeconds(1), List.of(), null, tuple("b", BasicStatus.OPEN))), null);

        assertNull(composition.status().activity());
    }

    @Test
    void clashingTupleIdsGetASuffix() throws Exception {
        Composition composition = PresenceComposer.compose(ALICE, List.of(
                part(T0, null, null, tuple("t", BasicStatus.OPEN)),
                part(T0.plusSeconds(1), null, null, tuple("t", BasicStatus.CLOSED))), null);

        assertEquals(List.of(new PidfTuple("t", BasicStatus.OPEN, null, null),
                new PidfTuple("t-2", BasicStatus.CLOSED, null, null)),
                PidfParser.parse(composition.pidf()).tuples());
    }

    @Test
    void aCallShowsOnThePhoneAndOpenAndKeepsTheNote() throws Exception {
        Instant answered = T0.plusSeconds(30);
        Composition composition = PresenceComposer.compose(ALICE, List.of(
                part(T0, List.of("away"), "lunch", tuple("desk", BasicStatus.CLOSED))), answered);

        assertEquals(new PresenceStatus(ALICE, BasicStatus.OPEN, "on-the-phone", "lunch", answered),
                composition.status());
        PidfDocument document = PidfParser.parse(composition.pidf());
        assertEquals(List.of("on-the-phone"), document.activities());
        assertEquals(List.of(new PidfTuple("desk", BasicStatus.CLOSED, null, null),
                new PidfTuple("parley", BasicStatus.OPEN, null, null)), document.tuples());
    }

    @Test
    void aCallWithoutAnyPublicationIsOpenOnThePhone() {
        Composition composition = PresenceComposer.compose(ALICE, List.of(), T0);

        assertEquals(new PresenceStatus(ALICE, BasicStatus.OPEN, "on-the-phone", null, T0), composition.status());
    }

    private static Part part(Instant updated, @Nullable List<String> activities, @Nullable String note,
            PidfTuple tuple) {
        return new Part(new PidfDocument(ALICE.uri(), List.of(tuple), activities, note), updated);
    }

    private static PidfTuple tuple(String id, @Nullable BasicStatus basic) {
        return new PidfTuple(id, basic, null, null);
    }
}
