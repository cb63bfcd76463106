package dev.parley.presence.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** {@link PresenceConfig} instances as Config Admin would make them: defaults plus the given overrides. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static PresenceConfig defaults() {
        return with(Map.of());
    }

    /** Overrides by method name, e.g. {@code Map.of("min_expires", 120)}. */
    public static PresenceConfig with(Map<String, Object> overrides) {
        return (PresenceConfig) Proxy.newProxyInstance(PresenceConfig.class.getClassLoader(),
                new Class<?>[] { PresenceConfig.class }, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "PresenceConfig" + overrides
                                : method.invoke(overrides, args);
                    }
                    return overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
