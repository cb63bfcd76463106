package dev.parley.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeliveryAttemptTest {

    @Test
    void theFirst2xxDecidesAndLaterAnswersAreIgnored() {
        DeliveryAttempt attempt = new DeliveryAttempt(3);

        assertEquals(Optional.empty(), attempt.record(new DeliveryOutcome("sip:a", 480, "Temporarily Unavailable")));
        DeliveryAttempt.Result result = attempt.record(new DeliveryOutcome("sip:b", 202, "Accepted")).orElseThrow();
        assertTrue(result.delivered());
        assertEquals("sip:b", result.contact());
        assertEquals(Optional.empty(), attempt.record(new DeliveryOutcome("sip:c", 200, "OK")));
    }

    @Test
    void itFailsOnlyOnceEveryContactFailed() {
        DeliveryAttempt attempt = new DeliveryAttempt(3);

        assertEquals(Optional.empty(), attempt.record(new DeliveryOutcome("sip:a", 486, "Busy Here")));
        assertEquals(Optional.empty(), attempt.record(DeliveryOutcome.noResponse("sip:b", "timeout")));
        DeliveryAttempt.Result result = attempt.record(new DeliveryOutcome("sip:c", 486, "Busy Here")).orElseThrow();

        assertFalse(result.delivered());
        assertFalse(result.permanent());
        assertEquals("486 Busy Here; timeout", result.failure());
    }

    @Test
    void a6xxMakesTheFailurePermanent() {
        DeliveryAttempt attempt = new DeliveryAttempt(2);
        attempt.record(new DeliveryOutcome("sip:a", 603, "Decline"));

        assertTrue(attempt.record(DeliveryOutcome.noResponse("sip:b", "timeout")).orElseThrow().permanent());
    }

    @Test
    void anAttemptNeedsAContact() {
        assertThrows(IllegalArgumentException.class, () -> new DeliveryAttempt(0));
    }
}
