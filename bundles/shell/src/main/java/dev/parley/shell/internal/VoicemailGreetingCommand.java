package dev.parley.shell.internal;

import java.io.PrintStream;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

@Service
@Command(scope = "parley", name = "voicemail-greeting", description = "Sets a user's voicemail greeting from a WAV "
        + "file (mono: 8 kHz mu-law, A-law or PCM, or 16 kHz PCM), or clears it so callers hear the default prompt")
public class VoicemailGreetingCommand extends VoicemailAction {

    @Argument(index = 1, name = "file", description = "the WAV file (a path on the server)")
    String file;

    @Option(name = "--clear", description = "remove the user's greeting")
    boolean clear;

    @Override
    void run(PrintStream out) {
        if (clear == (file != null)) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "give either a WAV file or --clear");
        }
        if (clear) {
            boolean had = voicemail().clearGreeting(owner());
            out.println(had ? "Greeting of " + owner().uri() + " cleared" : owner().uri() + " had no greeting");
        } else {
            voicemail().setGreeting(owner(), Path.of(file));
            out.println("Greeting of " + owner().uri() + " set from " + file);
        }
    }
}
