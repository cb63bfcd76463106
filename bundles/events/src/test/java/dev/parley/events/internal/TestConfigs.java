package dev.parley.events.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** {@link EventsConfig} instances as Config Admin would make them: defaults plus the given overrides. */
final class TestConfigs {

    private TestConfigs() {
    }

    static EventsConfig defaults() {
        return with(Map.of());
    }

    /** Overrides by method name, e.g. {@code Map.of("min_expires", 120)}. */
    static EventsConfig with(Map<String, Object> overrides) {
        return (EventsConfig) Proxy.newProxyInstance(EventsConfig.class.getClassLoader(),
                new Class<?>[] { EventsConfig.class }, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "EventsConfig" + overrides
                                : method.invoke(overrides, args);
                    }
                    return overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
