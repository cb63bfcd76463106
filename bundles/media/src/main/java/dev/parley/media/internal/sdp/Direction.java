package dev.parley.media.internal.sdp;

import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

/** The SDP direction attributes (RFC 3264 section 6.1), as seen by whoever wrote the description. */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** The direction an answer gives to a stream offered with this one. */
    public Direction answer() {
        return switch (this) {
        case SENDONLY -> RECVONLY;
        case RECVONLY -> SENDONLY;
        default -> this;
        };
    }

    /** Whether the writer of the description receives media on the stream. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** Whether the writer of the description sends media on the stream. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    static @Nullable Direction fromAttribute(String attribute) {
        for (Direction direction : values()) {
            if (direction.attribute().equals(attribute)) {
                return direction;
            }
        }
        return null;
    }
}
