package dev.parley.registration.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** {@link RegistrationConfig} instances as Config Admin would make them: defaults plus the given overrides. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static RegistrationConfig defaults() {
        return with(Map.of());
    }

    /** Overrides by method name, e.g. {@code Map.of("min_expires", 120)}. */
    public static RegistrationConfig with(Map<String, Object> overrides) {
        return (RegistrationConfig) Proxy.newProxyInstance(RegistrationConfig.class.getClassLoader(),
                new Class<?>[] { RegistrationConfig.class }, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "RegistrationConfig" + overrides
                                : method.invoke(overrides, args);
                    }
                    return overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
