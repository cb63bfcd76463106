package dev.parley.api.call;

import org.osgi.annotation.versioning.ConsumerType;

/** The far end of a diverted call, played by a {@link CallDiversion} service. */
@ConsumerType
public interface DivertedSession {

    /** The service's answer to the caller's offer (RFC 3264); the call service sends it in the 200 OK. */
    String sdpAnswer();

    /** A DTMF digit the caller sent as SIP INFO (digits sent in RTP reach the service through its own media). */
    void dtmfReceived(char digit);

    /** The call ended (the caller hung up, or the call was hung up); release the media. */
    void ended();
}
