package dev.parley.presence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.presence.internal.pidf.PidfDocument;
import dev.parley.presence.internal.pidf.PidfTuple;
import dev.parley.presence.internal.pidf.PidfWriter;

/**
 * Composes a user's publications into the one document watchers get. The rule:
 * <ul>
 * <li>tuples: every tuple of every publication, oldest publication first (a clashing id gets a suffix);</li>
 * <li>basic: open if any tuple is open ("open wins"), else closed;</li>
 * <li>activities: those of the most recently updated publication that states any (an empty
 * {@code <rpid:activities/>} states "none");</li>
 * <li>while the user is in an established call: {@code on-the-phone} alone, and open (an open tuple is added if
 * no tuple is open);</li>
 * <li>note: that of the most recently updated publication that has one;</li>
 * <li>nothing published and no call: one closed tuple, so watchers show the user offline.</li>
 * </ul>
 */
final class PresenceComposer {

    static final String ON_THE_PHONE = "on-the-phone";
    /** The tuple of a user with nothing published. */
    static final String NEUTRAL_TUPLE_ID = "parley";

    /** One publication's parsed document and when its document was last set. */
    record Part(PidfDocument document, Instant updated) {
    }

    /** The composed status and its PIDF document. */
    record Composition(PresenceStatus status, String pidf) {
    }

    private PresenceComposer() {
    }

    static Composition compose(SipAddress entity, List<Part> parts, @Nullable Instant inCallSince) {
        List<Part> oldestFirst = parts.stream().sorted(Comparator.comparing(Part::updated)).toList();
        List<PidfTuple> tuples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> activities = null;
        String note = null;
        Instant updated = inCallSince;
        for (Part part : oldestFirst) {
            for (PidfTuple tuple : part.document().tuples()) {
                tuples.add(ids.add(tuple.id()) ? tuple : tuple.withId(uniqueId(tuple.id(), ids)));
            }
            activities = part.document().activities() != null ? part.document().activities() : activities;
            note = part.document().note() != null ? part.document().note() : note;
            updated = updated == null || part.updated().isAfter(updated) ? part.updated() : updated;
        }
        boolean inCall = inCallSince != null;
        boolean open = tuples.stream().anyMatch(t -> t.basic() == BasicStatus.OPEN);
        if (tuples.isEmpty() || (inCall && !open)) {
            // a user in a call is reachable on some device even if none published so
            String id = ids.add(NEUTRAL_TUPLE_ID) ? NEUTRAL_TUPLE_ID : uniqueId(NEUTRAL_TUPLE_ID, ids);
            tuples.add(new PidfTuple(id, inCall ? BasicStatus.OPEN : BasicStatus.CLOSED, null, null));
            open = inCall;
        }
        if (inCall) {
            activities = List.of(ON_THE_PHONE);
        }
        BasicStatus basic = open ? BasicStatus.OPEN : BasicStatus.CLOSED;
        String activity = activities == null || activities.isEmpty() ? null : activities.get(0);
        PresenceStatus status = new PresenceStatus(entity, basic, activity, note, updated);
        return new Composition(status, PidfWriter.write(new PidfDocument(entity.uri(), tuples, activities, note)));
    }

    private static String uniqueId(String id, Set<String> taken) {
        int suffix = 2;
        while (!taken.add(id + "-" + suffix)) {
            suffix++;
        }
        return id + "-" + suffix;
    }
}
