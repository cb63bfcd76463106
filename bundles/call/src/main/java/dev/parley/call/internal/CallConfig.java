package dev.parley.call.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The call service's settings (PID {@value #PID}); every one applies live, to calls that start afterwards. */
@ObjectClassDefinition(name = "Parley calls", description = "The back-to-back user agent connecting calls between users")
public @interface CallConfig {

    String PID = "dev.parley.call";

    @AttributeDefinition(name = "No-answer timeout (s)", description = "After this long without an answer every branch is cancelled and the call is diverted or answered 408", min = "1")
    int no_answer_timeout() default 30;

    @AttributeDefinition(name = "Calls per user", description = "Active calls a user may place at once; more are refused with 403", min = "1")
    int max_calls_per_user() default 10;

    /** Never applies to a From in a local domain: that would let anyone call as a local user. */
    @AttributeDefinition(name = "Accept unauthenticated inbound calls", description = "true: an INVITE from a foreign domain to a local user is accepted without authentication; false: it is challenged")
    boolean inbound_unauthenticated() default false;
}
