package dev.parley.api.call;

/** Why a call ended. */
public enum EndReason {
    /** Answered, then hung up by the caller. */
    CALLER_HUNG_UP,
    /** Answered, then hung up by the callee. */
    CALLEE_HUNG_UP,
    /** Hung up through {@link CallService#hangUp} (an operator or an application). */
    TERMINATED,
    /** The caller cancelled before an answer. */
    CANCELLED,
    /** The callee was busy (486/600). */
    BUSY,
    /** The callee declined (603). */
    DECLINED,
    /** Nobody answered in time (408 or the no-answer timeout). */
    NO_ANSWER,
    /** The callee is not a known user (404). */
    NOT_FOUND,
    /** The callee is known but has no registered contact (480). */
    UNAVAILABLE,
    /** Taken over by a {@link CallDiversion} service, such as voicemail. */
    DIVERTED,
    /** This party's leg was handed to another call by a transfer. */
    TRANSFERRED,
    /**
     * Answered, then ended by Parley: no session refresh came within the negotiated session interval (RFC 4028), or
     * a call without session timers outlasted the configured maximum call duration.
     */
    SESSION_EXPIRED,
    /** Any other failure (a 4xx-6xx answer, a transport error, a timeout of the signalling). */
    FAILED
}
