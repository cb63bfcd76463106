package dev.parley.call.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The little of SDP (RFC 4566, RFC 3264) the B2BUA reads or writes: the media direction of an offer, to tell hold
 * from resume, and a copy of a description with another direction, for a hold Parley makes itself. Bodies relayed
 * between the parties are never rewritten.
 */
public final class Sdp {

    /** An SDP direction attribute. */
    public enum Direction {
        SENDRECV, SENDONLY, RECVONLY, INACTIVE;

        /** sendonly and inactive offers put the other party on hold (RFC 3264 section 8.4). */
        public boolean holds() {
            return this == SENDONLY || this == INACTIVE;
        }

        String attribute() {
            return "a=" + name().toLowerCase(Locale.ROOT);
        }

        static Direction ofAttribute(String line) {
            for (Direction direction : values()) {
                if (direction.attribute().equals(line)) {
                    return direction;
                }
            }
            return null;
        }
    }

    private Sdp() {
    }

    /**
     * The direction of the first media stream: its own attribute, else the session-level one, else sendrecv (the
     * default of RFC 4566). A connection address of 0.0.0.0 (the RFC 2543 hold) counts as sendonly.
     */
    public static Direction direction(String sdp) {
        Direction session = null;
        Direction media = null;
        boolean inMedia = false;
        boolean nullConnection = false;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                if (inMedia) {
                    break; // only the first stream decides
                }
                inMedia = true;
            } else if (line.startsWith("c=") && line.endsWith(" 0.0.0.0")) {
                nullConnection = true;
            } else {
                Direction found = Direction.ofAttribute(line);
                if (found != null) {
                    if (inMedia) {
                        media = found;
                    } else {
                        session = found;
                    }
                }
            }
        }
        Direction result = media != null ? media : session != null ? session : Direction.SENDRECV;
        return result == Direction.SENDRECV && nullConnection ? Direction.SENDONLY : result;
    }

    /**
     * {@code sdp} with every direction attribute replaced by {@code direction} (one added at session level where
     * there was none) and the origin's session version incremented, as a new offer in the same session must
     * (RFC 3264 section 8).
     */
    public static String withDirection(String sdp, Direction direction) {
        String newline = sdp.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        for (String line : sdp.split("\r?\n")) {
            if (Direction.ofAttribute(line.strip()) != null) {
                lines.add(direction.attribute());
                replaced = true;
            } else if (line.startsWith("o=")) {
                lines.add(nextVersion(line));
            } else {
                lines.add(line);
            }
        }
        if (!replaced) {
            int firstMedia = 0;
            while (firstMedia < lines.size() && !lines.get(firstMedia).startsWith("m=")) {
                firstMedia++;
            }
            lines.add(firstMedia, direction.attribute());
        }
        return String.join(newline, lines) + newline;
    }

    /** o=username sess-id sess-version nettype addrtype address: the third field plus one. */
    private static String nextVersion(String origin) {
        String[] fields = origin.split(" ");
        if (fields.length < 6) {
            return origin;
        }
        try {
            fields[2] = Long.toString(Long.parseLong(fields[2]) + 1);
        } catch (NumberFormatException e) {
            return origin; // not a number: leave it, the peer may still accept the offer
        }
        return String.join(" ", fields);
    }
}
