package dev.parley.shell.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.media.MediaEngine;
import dev.parley.api.media.MediaStats;

@Service
@Command(scope = "parley", name = "media", description = "Lists the active media sessions: codec, addresses, "
        + "packets and loss")
public class MediaCommand extends ParleyAction {

    static final String NOT_INSTALLED = "the media engine is not installed (feature parley-media)";

    /** Optional, so the command exists and says what is missing in a Parley without parley-media. */
    @Reference(optional = true)
    MediaEngine media;

    /** Replaced by tests to make the ages exact. */
    Clock clock = Clock.systemUTC();

    @Override
    void run(PrintStream out) {
        if (media == null) {
            throw new ParleyException(ParleyError.SERVICE_UNAVAILABLE, NOT_INSTALLED);
        }
        ShellTable table = new ShellTable().emptyTableText("No active media sessions");
        table.column("Id");
        table.column("Codec");
        table.column("Port").alignRight();
        table.column("Remote");
        table.column("In").alignRight();
        table.column("Out").alignRight();
        table.column("Lost").alignRight();
        table.column("Loss").alignRight();
        table.column("Age");
        for (MediaStats session : media.sessions()) {
            long expected = session.packetsReceived() + session.packetsLost();
            String loss = expected == 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100.0 * session.packetsLost() / expected);
            table.addRow().addContent(session.sessionId(), session.codec(), session.localPort(),
                    session.remoteAddress(), session.packetsReceived(), session.packetsSent(), session.packetsLost(),
                    loss, CallFormat.duration(Duration.between(session.opened(), clock.instant())));
        }
        table.print(out);
    }
}
