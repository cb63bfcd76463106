package dev.parley.messaging.internal;

import static org.mockito.Mockito.mock;

import java.util.Map;

/** {@link MessagingConfig}s as Config Admin makes them: the annotation's defaults, some overridden by method name. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static MessagingConfig defaults() {
        return with(Map.of());
    }

    public static MessagingConfig with(Map<String, Object> overrides) {
        return mock(MessagingConfig.class, invocation -> overrides.getOrDefault(invocation.getMethod().getName(),
                invocation.getMethod().getDefaultValue()));
    }
}
