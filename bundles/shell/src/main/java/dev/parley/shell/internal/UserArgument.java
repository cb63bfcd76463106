package dev.parley.shell.internal;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.server.ServerInfo;

/** How commands read a user: {@code alice} (in the default domain), {@code alice@domain} or {@code sip:alice@domain}. */
final class UserArgument {

    static final String DESCRIPTION = "alice (in the default domain), alice@domain or sip:alice@domain";

    private UserArgument() {
    }

    static SipAddress parse(String user, ServerInfo server) {
        return SipAddress.parse(user, server.defaultDomain());
    }

    /** Like {@link #parse}, but refuses a domain Parley does not serve. */
    static SipAddress parseInServedDomain(String user, ServerInfo server) {
        SipAddress address = parse(user, server);
        if (!server.isLocalDomain(address.domain())) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "domain " + address.domain()
                    + " is not served by Parley (served: " + String.join(", ", server.domains()) + ")");
        }
        return address;
    }
}
