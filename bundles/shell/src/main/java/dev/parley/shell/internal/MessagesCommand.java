package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Conversation;
import dev.parley.api.messaging.Message;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "messages",
        description = "Lists a user's conversations, or with a peer the messages between the two, newest first")
public class MessagesCommand extends MessagingAction {

    /** Bodies are cut to this many characters (line breaks shown as spaces) to keep one message per row. */
    static final int BODY_WIDTH = 60;

    @Argument(index = 0, name = "user", description = UserArgument.DESCRIPTION, required = true)
    @Completion(AccountAddressCompleter.class)
    String user;

    @Argument(index = 1, name = "peer", description = "only the messages with this user: " + UserArgument.DESCRIPTION)
    @Completion(AccountAddressCompleter.class)
    String peer;

    @Option(name = "--limit", aliases = "-n", description = "at most this many messages (default 20)")
    int limit = 20;

    @Option(name = "--offset", description = "skip this many of the newest messages (default 0)")
    int offset;

    @Override
    void run(PrintStream out) {
        SipAddress owner = UserArgument.parse(user, server);
        if (peer == null) {
            printConversations(out, owner);
        } else {
            printMessages(out, owner, UserArgument.parse(peer, server));
        }
    }

    private void printConversations(PrintStream out, SipAddress owner) {
        ShellTable table = new ShellTable().emptyTableText("No conversations");
        table.column("Peer");
        table.column("Unread").alignRight();
        table.column("Last message");
        table.column("Direction");
        table.column("State");
        table.column("Text");
        for (Conversation conversation : messaging().conversations(owner)) {
            Message last = conversation.lastMessage();
            table.addRow().addContent(conversation.peer(), conversation.unread(), CallFormat.time(last.time()),
                    direction(last, owner), last.state(), excerpt(last.body()));
        }
        table.print(out);
    }

    private void printMessages(PrintStream out, SipAddress owner, SipAddress other) {
        ShellTable table = new ShellTable().emptyTableText("No messages");
        table.column("Time");
        table.column("Direction");
        table.column("State");
        table.column("Read");
        table.column("Id");
        table.column("Text");
        table.column("Failure");
        for (Message message : messaging().messages(owner, other, offset, limit)) {
            table.addRow().addContent(CallFormat.time(message.time()), direction(message, owner), message.state(),
                    message.read() ? "yes" : "no", message.id(), excerpt(message.body()),
                    message.failure() == null ? "" : message.failure());
        }
        table.print(out);
    }

    private static String direction(Message message, SipAddress owner) {
        return message.from().equals(owner) ? "sent" : "received";
    }

    static String excerpt(String body) {
        String line = body.replaceAll("\\s+", " ").strip();
        return line.length() <= BODY_WIDTH ? line : line.substring(0, BODY_WIDTH - 1) + "…";
    }
}
