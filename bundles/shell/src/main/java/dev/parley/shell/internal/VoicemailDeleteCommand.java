package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

@Service
@Command(scope = "parley", name = "voicemail-delete", description = "Deletes a voicemail message and its audio")
public class VoicemailDeleteCommand extends VoicemailAction {

    @Argument(index = 1, name = "id", description = "the message id, as parley:voicemail lists it", required = true)
    String id;

    @Override
    void run(PrintStream out) {
        if (!voicemail().delete(owner(), id)) {
            throw new ParleyException(ParleyError.NOT_FOUND, "no message " + id + " for " + owner().uri());
        }
        out.println("Deleted message " + id + " of " + owner().uri());
    }
}
