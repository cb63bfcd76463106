package dev.parley.messaging.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The messaging service's settings (PID {@value #PID}); every one applies live. */
@ObjectClassDefinition(name = "Parley messaging", description = "Instant messages (RFC 3428): limits, delivery retries, expiry")
public @interface MessagingConfig {

    String PID = "dev.parley.messaging";

    @AttributeDefinition(name = "Maximum body size (bytes)", description = "Larger messages get 413 Request Entity Too Large", min = "1")
    int max_body_size() default 4096;

    /** text/html is left out on purpose: web clients that render it would run whatever markup a sender puts in. */
    @AttributeDefinition(name = "Accepted content types", description = "type/subtype or type/*; others get 415 with an Accept header listing these")
    String[] content_types() default { "text/plain", "application/im-iscomposing+xml", "message/cpim" };

    /** RFC 3994 typing notifications: stale a minute later, so never stored, queued or kept in the history. */
    @AttributeDefinition(name = "Indication types", description = "Accepted types that are relayed only to the contacts registered now and never stored (480 when none is)")
    String[] indication_types() default { "application/im-iscomposing+xml" };

    @AttributeDefinition(name = "Rate per sender (messages/s)", description = "Sustained rate allowed to one sender; above it 503 with Retry-After. 0 disables the limit", min = "0")
    double rate_per_sender() default 5;

    @AttributeDefinition(name = "Burst per sender", description = "Messages a sender may send at once before the rate applies", min = "1")
    int rate_burst() default 20;

    @AttributeDefinition(name = "Expiry (s)", description = "A message not delivered within this time becomes EXPIRED", min = "1")
    long expiry() default 604800;

    @AttributeDefinition(name = "First retry (s)", description = "Delay after the first failed delivery; doubled after each further failure", min = "1")
    int retry_initial() default 30;

    @AttributeDefinition(name = "Longest retry delay (s)", description = "The doubling stops here", min = "1")
    int retry_max() default 3600;

    @AttributeDefinition(name = "Delivery window", description = "MESSAGEs in flight at once to a recipient that registers with pending messages; the next goes when one is answered", min = "1")
    int delivery_window() default 16;

    @AttributeDefinition(name = "Sweep interval (s)", description = "How often due retries are sent and lapsed messages expired", min = "1")
    int sweep_interval() default 5;

    @AttributeDefinition(name = "Accept senders of other domains", description = "true: MESSAGE whose From is in a domain Parley does not serve is accepted unauthenticated (from a trusted peer network); false: 403")
    boolean accept_foreign_senders() default false;
}
