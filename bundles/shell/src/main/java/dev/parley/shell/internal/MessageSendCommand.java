package dev.parley.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.parley.api.messaging.Message;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "message-send",
        description = "Sends an instant message on behalf of a user; delivery follows (or waits until the recipient registers)")
public class MessageSendCommand extends MessagingAction {

    @Argument(index = 0, name = "from", description = "the sender: " + UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String from;

    @Argument(index = 1, name = "to", description = "the recipient: " + UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String to;

    @Argument(index = 2, name = "text", description = "the message; several words are joined with spaces",
            required = true, multiValued = true)
    List<String> text = List.of();

    @Option(name = "--type", aliases = "-t", description = "Content-Type of the message (default text/plain;charset=UTF-8)")
    String contentType = "text/plain;charset=UTF-8";

    @Override
    void run(PrintStream out) {
        Message message = messaging().send(UserArgument.parse(from, server), UserArgument.parse(to, server),
                contentType, String.join(" ", text));
        out.println("Stored message " + message.id() + " from " + message.from() + " to " + message.to());
    }
}
