package dev.parley.shell.internal;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/**
 * The call commands reference the call services optionally, so that they exist (and say why they cannot work)
 * in a Parley without the {@code parley-call} feature, instead of being absent from the shell.
 */
final class CallFeature {

    static final String NOT_INSTALLED = "the call service is not installed (feature parley-call)";

    private CallFeature() {
    }

    /** {@code service}, or a failure saying the call feature is missing. */
    static <T> T installed(@Nullable T service) {
        if (service == null) {
            throw new ParleyException(ParleyError.SERVICE_UNAVAILABLE, NOT_INSTALLED);
        }
        return service;
    }
}
