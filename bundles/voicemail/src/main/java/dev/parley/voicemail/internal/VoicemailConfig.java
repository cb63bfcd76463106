package dev.parley.voicemail.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley voicemail", description = "Mailboxes for calls users cannot take")
public @interface VoicemailConfig {
    String PID = "dev.parley.voicemail";

    @AttributeDefinition(name = "Maximum message length (s)", description = "A recording is ended (and kept) after this long", min = "1")
    int max_message_seconds() default 120;

    @AttributeDefinition(name = "Minimum message length (s)", description = "Shorter recordings are dropped", min = "0")
    int min_message_seconds() default 2;

    @AttributeDefinition(name = "Access number", description = "User part that reaches the caller's own mailbox menu in every local domain (sip:<number>@<domain>); empty: no access by phone")
    String access_number() default "*98";

    @AttributeDefinition(name = "Enabled by default", description = "Whether users without their own setting get voicemail")
    boolean default_enabled() default true;

    @AttributeDefinition(name = "Storage directory", description = "Where the WAV files live; empty: <karaf.data>/parley/voicemail. Read at activation")
    String storage_directory() default "";

    @AttributeDefinition(name = "Others may subscribe", description = "Whether users of the same domain may subscribe to a mailbox's message-summary (otherwise only its owner)")
    boolean message_summary_allow_others() default false;
}
