package dev.parley.registration.internal;

import dev.parley.api.common.ParleyException;

/** The registrar's write side, for the REGISTER handler of this bundle (not exported). */
public interface Registrar {

    /**
     * Applies one REGISTER to its address of record atomically (RFC 3261 section 10.3 steps 6 to 8): either every
     * change is durable in the store when this returns, or nothing changed and a {@link ParleyException} says why
     * ({@link IntervalTooBriefException} for 423). A query (no contacts) changes nothing.
     */
    RegisterResult register(RegisterRequest request);
}
