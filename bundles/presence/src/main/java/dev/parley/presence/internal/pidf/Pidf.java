package dev.parley.presence.internal.pidf;

import java.util.Set;

/** PIDF and RPID names. */
final class Pidf {

    static final String NS = "urn:ietf:params:xml:ns:pidf";
    static final String DATA_MODEL_NS = "urn:ietf:params:xml:ns:pidf:data-model";
    static final String RPID_NS = "urn:ietf:params:xml:ns:pidf:rpid";
    /** The free-text activity: {@code <rpid:other>text</rpid:other>}. */
    static final String OTHER = "other";
    /** RFC 4480 section 3.2's activity elements; anything else is written as {@code <rpid:other>}. */
    static final Set<String> ACTIVITIES = Set.of("appointment", "away", "breakfast", "busy", "dinner", "holiday",
            "in-transit", "looking-for-work", "meal", "meeting", "on-the-phone", "performance", "permanent-absence",
            "playing", "presentation", "shopping", "sleeping", "spectator", "steering", "travel", "tv", "unknown",
            "vacation", "working", "worship");

    private Pidf() {
    }
}
