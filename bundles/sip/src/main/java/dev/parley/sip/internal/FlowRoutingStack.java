package dev.parley.sip.internal;

import java.util.Properties;

import javax.sip.PeerUnavailableException;

import gov.nist.javax.sip.SipStackImpl;

/**
 * The RI's stack with {@link FlowRouter} in front of its own router. A subclass because the RI offers no public
 * setter, and its {@code javax.sip.ROUTER_PATH} property loads the class by name from the RI bundle's class loader,
 * which cannot see Parley's classes in OSGi.
 */
final class FlowRoutingStack extends SipStackImpl {

    FlowRoutingStack(Properties properties) throws PeerUnavailableException {
        super(properties);
        setRouter(new FlowRouter(getRouter()));
    }
}
