package dev.parley.api.call;

/** Where a call is in its life. */
public enum CallState {
    /** The caller's INVITE is being routed to the callee's contacts. */
    INITIATING,
    /** A contact of the callee rings (180). */
    RINGING,
    /** A contact of the callee sent early media (183 with SDP). */
    EARLY_MEDIA,
    /** Answered: both dialogs are confirmed. */
    ESTABLISHED,
    /** Established, with one party holding the other. */
    HELD,
    /** Over; see the call's end reason. */
    ENDED
}
