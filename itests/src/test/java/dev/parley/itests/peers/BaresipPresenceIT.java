package dev.parley.itests.peers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.presence.PresenceService;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.itests.support.FreePorts;
import dev.parley.itests.support.ParleyKarafTestSupport;

/**
 * baresip 1.0 (its {@code presence} module, headless: no sound modules) as a real presence client through Parley:
 * it registers (MD5 digest only, see {@link #config()}), publishes its own presence (seen with
 * {@code parley:presence}) and watches a contact whose status is set in the shell, busy then open (its log shows the
 * change it read from Parley's NOTIFYs); when it quits it withdraws its publication.
 */
public class BaresipPresenceIT extends ParleyKarafTestSupport {

    /**
     * Only MD5 challenges: baresip 1.0's SIP library (libre) gives up on a 401 as soon as one of its challenges
     * names an algorithm it does not know, and Parley offers SHA-256 beside MD5 by default.
     */
    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(),
                editConfigurationFilePut("etc/dev.parley.sip.cfg", "digest.algorithms", "MD5"));
    }

    private static final Duration RUN = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * baresip logs a contact's status only when it changes from a known one (the colour codes around the names are
     * part of the line): so the first NOTIFY (busy) is seen through the second (open).
     */
    private static final Pattern BOB_BUSY_THEN_ONLINE = Pattern
            .compile("<sip:bsbob@" + DOMAIN.replace(".", "\\.") + "> changed status from \\S*Busy\\S* to \\S*Online");

    @Test
    public void baresipPublishesAndWatchesThroughParley() throws Exception {
        Path baresip = PeerProcess.requireBinary("baresip", "baresip");
        PresenceService presence = waitForService(PresenceService.class, DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.api.event.SubscriptionService", DEFAULT_TIMEOUT);
        waitForCommand("parley", "presence-set", DEFAULT_TIMEOUT);
        executeCommand("parley:account-add bsalice alice-pw-1");
        executeCommand("parley:account-add bsbob bob-pw-1");
        executeCommand("parley:presence-set bsbob busy");
        SipAddress alice = new SipAddress("bsalice", DOMAIN);

        Path config = configuration(FreePorts.udpAndTcp(27060));
        Path log = config.resolve("baresip.log");
        Process process = new ProcessBuilder(baresip.toString(), "-v", "-s", "-f", config.toString(), "-t",
                Long.toString(RUN.toSeconds()))
                .directory(config.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            PresenceStatus published = await(presence, alice, s -> s.basic() == BasicStatus.OPEN);
            assertEquals("published status; baresip's log: " + log, BasicStatus.OPEN, published.basic());
            String shown = executeCommand("parley:presence bsalice");
            assertTrue(shown, shown.contains("sip:bsalice@" + DOMAIN) && shown.contains("open"));
            // baresip subscribes after registering and publishing: change bob only once it has his first NOTIFY
            awaitNotified(waitForService(SubscriptionService.class, DEFAULT_TIMEOUT), new SipAddress("bsbob", DOMAIN),
                    alice);
            executeCommand("parley:presence-set bsbob open");

            assertTrue("baresip quits after " + RUN, process.waitFor(RUN.toSeconds() + 20, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertTrue("baresip read bob's statuses from Parley's NOTIFYs (log " + log + ")",
                BOB_BUSY_THEN_ONLINE.matcher(output).find());
        // on quitting, baresip removes its publication (PUBLISH Expires: 0 with SIP-If-Match)
        assertEquals(BasicStatus.CLOSED, await(presence, alice, s -> s.basic() == BasicStatus.CLOSED).basic());
    }

    /** A headless baresip configuration for bsalice, watching bsbob, all through Parley's UDP port. */
    private static Path configuration(int port) throws Exception {
        // outside the container's folder, so its log can be read after a failed run
        Path directory = Files.createTempDirectory(Path.of(System.getProperty("parley.itest.peerLogs", "/tmp")),
                "parley-baresip-");
        String proxy = "sip:" + HOST + ":" + sipPort() + ";transport=udp";
        Files.writeString(directory.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen " + HOST + ":" + port,
                "audio_player aufile,/dev/null",
                "audio_alert aufile,/dev/null",
                "audio_source ausine,440",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module aufile.so",
                "module ausine.so",
                "module_app account.so",
                "module_app contact.so",
                "module_app presence.so",
                "module_app menu.so", ""), StandardCharsets.US_ASCII);
        Files.writeString(directory.resolve("accounts"), "<sip:bsalice@" + DOMAIN + ">;auth_pass=alice-pw-1;outbound=\""
                + proxy + "\";regint=600;pubint=600\n", StandardCharsets.US_ASCII);
        Files.writeString(directory.resolve("contacts"), "\"Bob\" <sip:bsbob@" + DOMAIN + ">;presence=p2p\n",
                StandardCharsets.US_ASCII);
        return directory;
    }

    /** Waits until {@code watcher}'s subscription to {@code user}'s presence has had its first NOTIFY. */
    private static void awaitNotified(SubscriptionService subscriptions, SipAddress user, SipAddress watcher)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (subscriptions.subscriptions("presence", user).stream()
                .noneMatch(s -> s.subscriber().equals(watcher) && s.notifyCount() > 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(watcher + " did not subscribe to " + user + " within " + WAIT);
            }
            Thread.sleep(100);
        }
    }

    private static PresenceStatus await(PresenceService presence, SipAddress user, Predicate<PresenceStatus> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        PresenceStatus status = presence.status(user);
        while (!wanted.test(status) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = presence.status(user);
        }
        return status;
    }

}
