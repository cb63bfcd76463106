package dev.parley.registration.internal;

import java.time.Instant;
import java.util.List;

import dev.parley.api.registration.Binding;

/**
 * The bindings of an address of record after a REGISTER, preferred first, and the instant they were computed at
 * (what the 200's remaining expiry times count from).
 */
public record RegisterResult(List<Binding> bindings, Instant now) {

    public RegisterResult {
        bindings = List.copyOf(bindings);
    }
}
