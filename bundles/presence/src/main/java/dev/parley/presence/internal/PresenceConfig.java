package dev.parley.presence.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The presence server's settings (PID {@value #PID}); every one applies live. */
@ObjectClassDefinition(name = "Parley presence", description = "PUBLISH, the presence event package, watcher rules")
public @interface PresenceConfig {

    String PID = "dev.parley.presence";

    @AttributeDefinition(name = "Minimum publication expiry (s)", description = "Shorter non-zero requests get 423 Interval Too Brief", min = "1")
    int min_expires() default 60;

    @AttributeDefinition(name = "Maximum publication expiry (s)", description = "Longer requests are shortened to this", min = "1")
    int max_expires() default 7200;

    @AttributeDefinition(name = "Default publication expiry (s)", description = "When a PUBLISH has no Expires header", min = "1")
    int default_expires() default 3600;

    @AttributeDefinition(name = "Expiry of statuses set through the API (s)", description = "A status set by a web client or the shell lapses after this unless set again", min = "1")
    int api_expires() default 86400;

    @AttributeDefinition(name = "Publications per user", description = "More live publications of one user are refused with 403", min = "1")
    int max_publications() default 20;

    @AttributeDefinition(name = "Largest PIDF document (bytes)", description = "Larger PUBLISH bodies get 413", min = "256")
    int max_document_size() default 16384;

    @AttributeDefinition(name = "Same domain may watch", description = "true: users of one domain may watch each other unless blocked; false: only explicitly allowed watchers")
    boolean same_domain_watch() default true;

    @AttributeDefinition(name = "On the phone", description = "Show activity on-the-phone while a user is in an established call")
    boolean on_the_phone() default true;

    @AttributeDefinition(name = "Sweep interval (s)", description = "How often lapsed publications are deleted", min = "1")
    int sweep_interval() default 10;
}
