package dev.parley.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailCounts;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailService;

@Service
@Command(scope = "parley", name = "voicemail", description = "Lists a user's voicemail messages, newest first, with the counts")
public class VoicemailCommand extends VoicemailAction {

    @Override
    void run(PrintStream out) {
        VoicemailService service = voicemail();
        SipAddress owner = owner();
        VoicemailCounts counts = service.counts(owner);
        out.printf("%s: %d new, %d old (urgent %d/%d)%n", owner.uri(), counts.newCount(), counts.oldCount(),
                counts.urgentNew(), counts.urgentOld());
        ShellTable table = new ShellTable().emptyTableText("No messages");
        table.column("Id");
        table.column("Received");
        table.column("From");
        table.column("Length").alignRight();
        table.column("State");
        for (VoicemailMessage message : service.messages(owner)) {
            table.addRow().addContent(message.id(), CallFormat.time(message.received()), message.caller().uri(),
                    CallFormat.duration(message.duration()),
                    (message.heard() ? "old" : "new") + (message.urgent() ? " urgent" : ""));
        }
        table.print(out);
    }
}
