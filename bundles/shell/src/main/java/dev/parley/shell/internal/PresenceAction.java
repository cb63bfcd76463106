package dev.parley.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Reference;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.PresenceService;
import dev.parley.api.server.ServerInfo;

/**
 * What the presence commands share: the presence service, referenced optionally so the commands exist (and say why
 * they cannot work) without the {@code parley-presence} feature, and how they read users.
 */
abstract class PresenceAction extends ParleyAction {

    static final String NOT_INSTALLED = "the presence service is not installed (feature parley-presence)";

    @Reference(optional = true)
    PresenceService presence;

    @Reference
    ServerInfo server;

    PresenceService presence() {
        if (presence == null) {
            throw new ParleyException(ParleyError.SERVICE_UNAVAILABLE, NOT_INSTALLED);
        }
        return presence;
    }

    /** A user of a served domain (whose presence Parley holds). */
    SipAddress localUser(String user) {
        return UserArgument.parseInServedDomain(user, server);
    }

    /** A watcher: any address; a bare name is in the default domain. */
    SipAddress watcher(String watcher) {
        return UserArgument.parse(watcher, server);
    }
}
