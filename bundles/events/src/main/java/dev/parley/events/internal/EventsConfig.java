package dev.parley.events.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The events framework's settings (PID {@value #PID}); every one applies live. */
@ObjectClassDefinition(name = "Parley events", description = "SIP event subscriptions (RFC 6665) and the reg and dialog packages")
public @interface EventsConfig {

    String PID = "dev.parley.events";

    @AttributeDefinition(name = "Minimum expiry (s)", description = "Shorter non-zero SUBSCRIBEs get 423 Interval Too Brief", min = "1")
    int min_expires() default 60;

    @AttributeDefinition(name = "Default expiry (s)", description = "When the SUBSCRIBE has no Expires header", min = "1")
    int default_expires() default 3600;

    @AttributeDefinition(name = "Maximum expiry (s)", description = "Longer requests are shortened to this", min = "1")
    int max_expires() default 7200;

    @AttributeDefinition(name = "Sweep interval (s)", description = "How often lapsed subscriptions are terminated", min = "1")
    int sweep_interval() default 5;

    @AttributeDefinition(name = "NOTIFY threads", description = "Threads that send the NOTIFYs of a state change", min = "1")
    int notify_threads() default 2;

    @AttributeDefinition(name = "reg: others may watch", description = "false: only the user himself may subscribe to his registrations (RFC 3680 section 5.4); true: any user of the same domain")
    boolean reg_allow_others() default false;
}
