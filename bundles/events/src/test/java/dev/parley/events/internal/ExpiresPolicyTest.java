package dev.parley.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

class ExpiresPolicyTest {

    private final ExpiresPolicy policy = new ExpiresPolicy(60, 3600, 7200);

    @Test
    void noExpiresHeaderGetsTheDefault() {
        assertEquals(3600, policy.grant(null));
    }

    @Test
    void zeroIsAnUnsubscribeOrFetch() {
        assertEquals(0, policy.grant(0));
    }

    @Test
    void aDurationWithinTheBoundsIsGrantedAsAsked() {
        assertEquals(60, policy.grant(60));
        assertEquals(7200, policy.grant(7200));
    }

    @Test
    void aLongerDurationIsShortenedNeverRefused() {
        assertEquals(7200, policy.grant(86_400));
    }

    @Test
    void aShorterNonZeroDurationIsIntervalTooBrief() {
        ParleyException refused = assertThrows(ParleyException.class, () -> policy.grant(59));
        assertEquals(ParleyError.INTERVAL_TOO_BRIEF, refused.error());
    }

    @Test
    void theDefaultIsKeptWithinTheBoundsAndTheBoundsAreChecked() {
        assertEquals(120, ExpiresPolicy.of(TestConfigs.with(Map.of("min_expires", 120, "default_expires", 30)))
                .grant(null));
        assertEquals(300, new ExpiresPolicy(60, 3600, 300).grant(null));
        assertThrows(IllegalArgumentException.class, () -> new ExpiresPolicy(600, 600, 60));
    }
}
