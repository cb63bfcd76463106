package dev.parley.messaging.internal;

/**
 * What one contact did with one MESSAGE Parley sent it.
 *
 * @param contact the contact URI
 * @param status the final SIP status, or {@link #NO_RESPONSE} when none came (timeout, transport error)
 * @param reason the reason phrase, or what went wrong
 */
public record DeliveryOutcome(String contact, int status, String reason) {

    public static final int NO_RESPONSE = 0;

    public static DeliveryOutcome noResponse(String contact, String why) {
        return new DeliveryOutcome(contact, NO_RESPONSE, why);
    }

    public boolean delivered() {
        return status >= 200 && status < 300;
    }

    /** A 6xx: the recipient refused for good, on every device (RFC 3261 section 21.6). */
    public boolean permanent() {
        return status >= 600;
    }

    /** {@code 486 Busy Here}, or the reason alone when no response came. */
    public String summary() {
        return status == NO_RESPONSE ? reason : status + " " + reason;
    }
}
