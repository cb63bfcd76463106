package dev.parley.call.internal.sip;

import javax.sip.ResponseEvent;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.call.internal.CallEngine;
import dev.parley.sip.spi.SipStrayResponseHandler;

/**
 * Takes a callee's 2xx to INVITE that arrives after its transaction ended (the callee did not see Parley's ACK) and
 * ACKs it again (RFC 3261 section 13.2.2.4); see {@link DialogRelay#retransmittedAnswer}.
 */
@Component
public final class StrayAnswers implements SipStrayResponseHandler {

    private final CallEngine engine;

    @Activate
    public StrayAnswers(@Reference CallEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean handleStray(ResponseEvent event) {
        return engine.relay().retransmittedAnswer(event.getResponse());
    }
}
