package dev.parley.shell.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.server.ServerInfo;
import dev.parley.shell.internal.completers.AccountAddressCompleter;

@Service
@Command(scope = "parley", name = "subscriptions",
        description = "Lists the event subscriptions (SUBSCRIBE) watchers hold, of all users or those a user takes part in")
public class SubscriptionsCommand extends ParleyAction {

    @Reference
    SubscriptionService subscriptions;

    @Reference
    ServerInfo server;

    @Argument(index = 0, name = "user", description = "only subscriptions of or to this user: " + UserArgument.DESCRIPTION)
    @Completion(AccountAddressCompleter.class)
    String user;

    /** Replaced by tests to make "expires in" exact. */
    Clock clock = Clock.systemUTC();

    @Override
    void run(PrintStream out) {
        SipAddress only = user == null ? null : UserArgument.parse(user, server);
        Instant now = clock.instant();
        ShellTable table = new ShellTable().emptyTableText("No subscriptions");
        table.column("Package");
        table.column("Subscriber");
        table.column("Resource");
        table.column("State");
        table.column("Expires in (s)").alignRight();
        for (Subscription subscription : subscriptions.subscriptions()) {
            if (only == null || only.equals(subscription.subscriber()) || only.equals(subscription.resource())) {
                table.addRow().addContent(subscription.eventPackage(), subscription.subscriber(),
                        subscription.resource(), subscription.state(),
                        Math.max(0, Duration.between(now, subscription.expiresAt()).toSeconds()));
            }
        }
        table.print(out);
    }
}
