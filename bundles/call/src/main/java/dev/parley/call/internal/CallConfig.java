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

    @AttributeDefinition(name = "Session interval (s)", description = "Session-Expires (RFC 4028) offered to the callee when the caller asks for none; a refresh must come within it or the call is ended", min = "1")
    int session_expires() default 1800;

    /** RFC 4028 asks for at least 90; smaller values are for tests. */
    @AttributeDefinition(name = "Minimum session interval (s)", description = "Min-SE: an INVITE asking for a shorter Session-Expires gets 422", min = "1")
    int min_se() default 90;

    @AttributeDefinition(name = "Maximum call duration (s)", description = "An answered call without session timers (neither party refreshes) is ended after this long; 0: no limit", min = "0")
    int max_call_duration() default 14400;

    @AttributeDefinition(name = "Redirections per call", description = "3xx redirections and forwards a call may follow before it fails", min = "0")
    int max_redirections() default 5;
}
