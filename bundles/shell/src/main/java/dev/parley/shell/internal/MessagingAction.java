package dev.parley.shell.internal;

import org.apache.karaf.shell.api.action.lifecycle.Reference;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.messaging.MessagingService;
import dev.parley.api.server.ServerInfo;

/**
 * The messaging commands reference the messaging service optionally, so that they exist (and say why they cannot
 * work) in a Parley without the {@code parley-messaging} feature, instead of being absent from the shell.
 */
abstract class MessagingAction extends ParleyAction {

    static final String NOT_INSTALLED = "the messaging service is not installed (feature parley-messaging)";

    @Reference(optional = true)
    MessagingService messaging;

    @Reference
    ServerInfo server;

    MessagingService messaging() {
        if (messaging == null) {
            throw new ParleyException(ParleyError.SERVICE_UNAVAILABLE, NOT_INSTALLED);
        }
        return messaging;
    }
}
