package dev.parley.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LimitsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void contentTypesMatchWithoutParametersAndCase() {
        Limits limits = Limits.of(TestConfigs.defaults());

        assertTrue(limits.accepts("text/plain"));
        assertTrue(limits.accepts("Text/Plain; charset=UTF-8"));
        assertTrue(limits.accepts("message/cpim"));
        assertTrue(limits.accepts("application/im-iscomposing+xml"));
        assertFalse(limits.accepts("text/html"));
        assertFalse(limits.accepts(""));
        assertFalse(limits.accepts("text"));
    }

    @Test
    void aWildcardSubtypeAcceptsTheWholeType() {
        Limits limits = Limits.of(TestConfigs.with(Map.of("content_types", new String[] { "text/*" })));

        assertTrue(limits.accepts("text/html;charset=utf-8"));
        assertFalse(limits.accepts("message/cpim"));
    }

    @Test
    void aCommaSeparatedListFromACfgFileIsSplit() {
        Limits limits = Limits.of(TestConfigs.with(Map.of("content_types",
                new String[] { "text/plain, message/cpim" })));

        assertEquals(List.of("text/plain", "message/cpim"), limits.contentTypes());
    }

    @Test
    void malformedConfiguredTypesAreDropped() {
        Limits limits = Limits.of(TestConfigs.with(Map.of("content_types",
                new String[] { " TEXT/PLAIN ", "garbage", "text/", "/plain", "" })));

        assertEquals(List.of("text/plain"), limits.contentTypes());
    }

    @Test
    void retriesDoubleUpToTheLongestDelay() {
        Limits limits = Limits.of(TestConfigs.with(Map.of("retry_initial", 30, "retry_max", 200)));

        assertEquals(NOW.plusSeconds(30), limits.nextAttempt(1, NOW));
        assertEquals(NOW.plusSeconds(60), limits.nextAttempt(2, NOW));
        assertEquals(NOW.plusSeconds(120), limits.nextAttempt(3, NOW));
        assertEquals(NOW.plusSeconds(200), limits.nextAttempt(4, NOW));
        assertEquals(NOW.plusSeconds(200), limits.nextAttempt(1000, NOW));
    }
}
