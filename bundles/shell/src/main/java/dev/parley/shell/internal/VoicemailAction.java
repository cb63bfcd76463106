package dev.parley.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.server.ServerInfo;
import dev.parley.api.voicemail.VoicemailService;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

/**
 * The voicemail commands: a mailbox owner as first argument, and the voicemail service referenced optionally, so
 * that they exist (and say why they cannot work) in a Parley without the {@code parley-voicemail} feature.
 */
abstract class VoicemailAction extends ParleyAction {

    static final String NOT_INSTALLED = "the voicemail service is not installed (feature parley-voicemail)";

    @Reference(optional = true)
    VoicemailService voicemail;

    @Reference
    ServerInfo server;

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String user;

    VoicemailService voicemail() {
        if (voicemail == null) {
            throw new ParleyException(ParleyError.SERVICE_UNAVAILABLE, NOT_INSTALLED);
        }
        return voicemail;
    }

    SipAddress owner() {
        return UserArgument.parse(user, server);
    }
}
