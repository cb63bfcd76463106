package dev.parley.media.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The media engine's settings (PID {@value #PID}); they apply to sessions opened after a change. */
@ObjectClassDefinition(name = "Parley media", description = "RTP ports, addresses, codecs and prompts")
public @interface MediaConfig {

    String PID = "dev.parley.media";

    @AttributeDefinition(name = "Lowest RTP port", description = "Even ports carry RTP, the next odd one RTCP")
    int rtp_port_min() default 16384;

    @AttributeDefinition(name = "Highest RTP port")
    int rtp_port_max() default 32767;

    @AttributeDefinition(name = "Bind address", description = "IP address the RTP sockets bind to")
    String bind_address() default "0.0.0.0";

    @AttributeDefinition(name = "Advertised address", description = "Address put in SDP answers; empty: the bind "
            + "address, or for 0.0.0.0 the host's first non-loopback IPv4 address (as dev.parley.sip does)")
    String advertised_address() default "";

    @AttributeDefinition(name = "Maximum sessions", description = "Offers beyond this get 503", min = "1")
    int max_sessions() default 500;

    @AttributeDefinition(name = "Codecs", description = "Comma-separated codecs Parley accepts (PCMU, PCMA, G722, "
            + "opus); the answer takes the offerer's most preferred of them. Codecs this host cannot run are left out")
    String codecs() default "PCMU,PCMA,G722,opus";

    @AttributeDefinition(name = "Prompt directories", description = "Comma-separated, searched in order for "
            + "<name>.wav; empty: etc/parley/prompts, data/parley/prompts, then the prompts shipped in prompts/")
    String prompt_directories() default "";
}
