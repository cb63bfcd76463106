package dev.parley.itests.peers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionService;

import dev.parley.itests.support.FreePorts;
import dev.parley.itests.support.ParleyKarafTestSupport;

/**
 * SIPp watches a user's presence ({@code src/test/resources/sipp/subscribe-presence.xml}): an authenticated
 * SUBSCRIBE, then regexp checks on the PIDF of the first NOTIFY (basic, RPID activity, note) set through the shell.
 */
public class SippPresenceIT extends ParleyKarafTestSupport {

    private static final int WATCHERS = 3;
    private static final Duration SIPP_TIMEOUT = Duration.ofSeconds(90);

    @Test
    public void sippWatchersGetTheComposedPidf() throws Exception {
        Path sipp = PeerProcess.requireBinary("sipp", "sip-tester");
        waitForServiceReference("dev.parley.api.presence.PresenceService", DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.api.event.SubscriptionService", DEFAULT_TIMEOUT);
        waitForCommand("parley", "presence-set", DEFAULT_TIMEOUT);
        executeCommand("parley:account-add sippalice alice-secret");
        executeCommand("parley:presence-set sippalice away in a meeting");

        Path work = Files.createTempDirectory("parley-sipp-presence-");
        StringBuilder watchers = new StringBuilder("SEQUENTIAL\n");
        for (int i = 1; i <= WATCHERS; i++) {
            String user = "sippwatcher" + i;
            String password = "watcher-secret-" + i;
            executeCommand("parley:account-add " + user + " " + password);
            watchers.append(user).append(";[authentication username=").append(user).append(" password=")
                    .append(password).append("];sippalice\n");
        }
        Files.writeString(work.resolve("watchers.csv"), watchers, StandardCharsets.US_ASCII);
        Path scenario = PeerProcess.copyResource("/sipp/subscribe-presence.xml", work);
        int sippPort = FreePorts.udpAndTcp(26060);

        PeerProcess.Result result = PeerProcess.run(work, SIPP_TIMEOUT, List.of(sipp.toString(),
                "-sf", scenario.toString(), "-inf", "watchers.csv", "-key", "domain", DOMAIN,
                "-auth_uri", "sippalice@" + DOMAIN, "-i", HOST, "-p", Integer.toString(sippPort),
                "-m", Integer.toString(WATCHERS), "-r", "10", "-nostdin", "-timeout", "60s", "-timeout_error",
                "-default_behaviors", "all,-bye", "-trace_stat", "-stf", "stat.csv", "-trace_err",
                "-error_file", "errors.log", HOST + ":" + sipPort()));

        String errors = Files.exists(work.resolve("errors.log"))
                ? Files.readString(work.resolve("errors.log"), StandardCharsets.ISO_8859_1)
                : "";
        assertEquals("sipp exit code (0: every watcher saw the PIDF)\n" + errors + result.output(), 0,
                result.exitCode());
        List<Subscription> subscriptions = waitForService(SubscriptionService.class, DEFAULT_TIMEOUT)
                .subscriptions("presence", new SipAddress("sippalice", DOMAIN));
        assertTrue("every SIPp watcher subscribed: " + subscriptions, subscriptions.stream()
                .filter(s -> s.subscriber().user().startsWith("sippwatcher")).count() >= WATCHERS);
    }
}
