package dev.parley.registration.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The registrar's settings (PID {@value #PID}); every one applies live. */
@ObjectClassDefinition(name = "Parley registrar", description = "REGISTER handling and the location service")
public @interface RegistrationConfig {

    String PID = "dev.parley.registration";

    /** Low on purpose: clients behind NAT often re-register every 15-30 s to keep their pinhole open. */
    @AttributeDefinition(name = "Minimum expiry (s)", description = "Shorter non-zero requests get 423 Interval Too Brief", min = "1")
    int min_expires() default 10;

    @AttributeDefinition(name = "Maximum expiry (s)", description = "Longer requests are shortened to this", min = "1")
    int max_expires() default 7200;

    @AttributeDefinition(name = "Default expiry (s)", description = "Used when neither the contact nor the request says", min = "1")
    int default_expires() default 3600;

    @AttributeDefinition(name = "Contacts per address of record", description = "More are refused with 403", min = "1")
    int max_contacts() default 10;

    @AttributeDefinition(name = "Reveal unknown users", description = "true: 404 for an unknown user; false: 403, the same answer as a wrong password, so user names cannot be probed")
    boolean reveal_unknown_users() default false;

    @AttributeDefinition(name = "Sweep interval (s)", description = "How often lapsed bindings are deleted", min = "1")
    int sweep_interval() default 10;
}
