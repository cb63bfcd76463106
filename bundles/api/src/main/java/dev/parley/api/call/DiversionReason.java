package dev.parley.api.call;

/** Why a call is offered to a {@link CallDiversion} service. */
public enum DiversionReason {
    /** The callee has no registered contact. */
    UNREGISTERED,
    /** Every contact of the callee answered busy (486/600). */
    BUSY,
    /** No contact answered within the no-answer timeout (or all answered 408/480). */
    NO_ANSWER
}
