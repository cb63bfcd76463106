package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;

import dev.parley.sip.spi.SipEvent;
import dev.parley.sip.spi.SipMethod;
import dev.parley.sip.spi.SipRequestHandler;

class HandlerRegistryTest {
    @SuppressWarnings("unchecked")
    private final ComponentServiceObjects<SipRequestHandler> subscribe = mock(ComponentServiceObjects.class);
    private final HandlerRegistry registry = new HandlerRegistry();

    private static Map<String, Object> properties(String... packages) {
        return Map.of(Constants.SERVICE_ID, 7L, SipMethod.PROPERTY, "SUBSCRIBE", SipEvent.PROPERTY, packages);
    }

    @Test
    void anUpdateReplacesTheRegisteredHandlersProperties() {
        registry.addHandler(subscribe, properties("reg", "dialog"));
        registry.updatedHandler(subscribe, properties("reg"));
        assertEquals(Set.of("reg"), registry.eventPackages());
    }

    @Test
    void anUpdateAfterTheRemovalDoesNotBringTheHandlerBack() {
        registry.addHandler(subscribe, properties("reg", "dialog"));
        registry.removeHandler(subscribe, properties("reg", "dialog"));
        registry.updatedHandler(subscribe, properties("reg"));
        assertTrue(registry.eventPackages().isEmpty());
        assertTrue(registry.select("SUBSCRIBE", "reg").isEmpty());
    }
}
