package dev.parley.api.common;

/**
 * EventAdmin conventions: every Parley topic is {@code parley/<service>/<EVENT>} and carries plain string and number
 * properties. Each capability package declares its own topics next to its service.
 */
public final class ParleyTopics {
    /** Prefix of every Parley topic; subscribe to {@code parley/*} to see them all. */
    public static final String PREFIX = "parley/";
    /** Event property: the address of record concerned, as {@code sip:user@domain}. */
    public static final String PROPERTY_AOR = "aor";
    /** Event property: epoch milliseconds when the event happened. */
    public static final String PROPERTY_TIMESTAMP = "timestamp";

    private ParleyTopics() {
    }
}
