package dev.parley.sip.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** {@link SipConfig} instances for tests: the annotation's defaults, overridden by key (e.g. {@code udp.port}). */
final class TestConfigs {
    private TestConfigs() {
    }

    static SipConfig config(Map<String, Object> overrides) {
        return (SipConfig) Proxy.newProxyInstance(SipConfig.class.getClassLoader(), new Class<?>[] { SipConfig.class },
                (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (overrides.containsKey(key)) {
                        return overrides.get(key);
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    if (method.getName().equals("annotationType")) {
                        return SipConfig.class;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static SipConfig defaults() {
        return config(Map.of());
    }
}
