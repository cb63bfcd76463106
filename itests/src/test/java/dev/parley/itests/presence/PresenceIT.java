package dev.parley.itests.presence;

import static dev.parley.itests.presence.PresenceClient.SIP_TIMEOUT;
import static dev.parley.itests.presence.PresenceClient.etag;
import static dev.parley.itests.presence.PresenceClient.pidf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.presence.PresenceService;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipPhone;

/**
 * Presence in the real distribution, driven by jain-sip clients over loopback: the RFC 3903 entity-tag cycle, a
 * watcher's NOTIFYs with the composed PIDF (and on-the-phone from call events), refusal of a blocked watcher,
 * publications that outlive a restart of the presence bundle, watcher information (presence.winfo) for the owner
 * alone, and on-the-phone and the dialog package kept across restarts of presence and events during a real call.
 */
public class PresenceIT extends ParleyKarafTestSupport {

    private static final String PASSWORD = "presence-pw-1";
    private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(10);
    private static final String WATCHERINFO_TYPE = "watcherinfo+xml";
    private static final String DIALOG_INFO_TYPE = "dialog-info+xml";

    private PresenceService presence;

    @Before
    public void waitForPresence() throws Exception {
        presence = waitForService(PresenceService.class, DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.sip.spi.SipRequestHandler", "(parley.sip.method=PUBLISH)",
                DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.api.event.SubscriptionService", DEFAULT_TIMEOUT);
        waitForCommand("parley", "presence", DEFAULT_TIMEOUT);
    }

    /** A user no other test touches, created through the shell. */
    private String newUser() {
        String user = "p" + UUID.randomUUID().toString().substring(0, 8);
        executeCommand("parley:account-add " + user + "@" + DOMAIN + " " + PASSWORD);
        return user;
    }

    private PresenceClient client(String user) throws Exception {
        return new PresenceClient(user, PASSWORD, sipPort());
    }

    @Test
    public void publishRefreshModifyAndRemoveWithEntityTags() throws Exception {
        String alice = newUser();
        try (PresenceClient phone = client(alice)) {
            Response initial = phone.send(phone.publish(600, null, pidf(phone.aor(), "open", "away", "lunch")));
            assertEquals(200, initial.getStatusCode());
            assertEquals(600, ((ExpiresHeader) initial.getHeader(ExpiresHeader.NAME)).getExpires());
            String etag = etag(initial);
            assertEquals(new PresenceStatus(new SipAddress(alice, DOMAIN), BasicStatus.OPEN, "away", "lunch", null),
                    withoutTime(presence.status(new SipAddress(alice, DOMAIN))));
            String shown = executeCommand("parley:presence " + alice);
            assertTrue(shown, shown.contains("away") && shown.contains("lunch") && shown.contains("open"));

            Response refreshed = phone.send(phone.publish(900, etag, null));
            assertEquals(200, refreshed.getStatusCode());
            assertNotEquals(etag, etag(refreshed));

            Response stale = phone.send(phone.publish(900, etag, null));
            assertEquals(412, stale.getStatusCode());

            Response modified = phone.send(phone.publish(900, etag(refreshed), pidf(phone.aor(), "closed", null, null)));
            assertEquals(200, modified.getStatusCode());
            assertEquals(BasicStatus.CLOSED, presence.status(new SipAddress(alice, DOMAIN)).basic());

            Response removed = phone.send(phone.publish(0, etag(modified), null));
            assertEquals(200, removed.getStatusCode());
            assertEquals(412, phone.send(phone.publish(0, etag(modified), null)).getStatusCode());
        }
    }

    @Test
    public void refusesBadPublications() throws Exception {
        String alice = newUser();
        String mallory = newUser();
        try (PresenceClient phone = client(alice); PresenceClient intruder = client(mallory)) {
            Response tooBrief = phone.send(phone.publish(5, null, pidf(phone.aor(), "open", null, null)));
            assertEquals(423, tooBrief.getStatusCode());
            assertEquals(60, ((MinExpiresHeader) tooBrief.getHeader(MinExpiresHeader.NAME)).getExpires());

            Request text = phone.publish(600, null, null);
            text.setContent("here", phone.headers().createContentTypeHeader("text", "plain"));
            Response unsupported = phone.send(text);
            assertEquals(415, unsupported.getStatusCode());
            assertTrue(unsupported.toString(), unsupported.toString().contains("application/pidf+xml"));

            Response broken = phone.send(phone.publish(600, null,
                    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><presence>&e;</presence>"));
            assertEquals(400, broken.getStatusCode());

            // mallory authenticates as herself but publishes for alice
            Request forAlice = intruder.publish(phone.aor(), 600, null, pidf(phone.aor(), "open", null, null));
            assertEquals(403, intruder.send(forAlice).getStatusCode());
        }
    }

    @Test
    public void aWatcherIsNotifiedOfTheComposedStateAndOfEveryChange() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (PresenceClient alicePhone = client(alice); PresenceClient bobPhone = client(bob)) {
            Response subscribed = bobPhone.send(bobPhone.subscribe(alicePhone.aor(), 600));
            assertTrue("SUBSCRIBE accepted: " + subscribed, subscribed.getStatusCode() / 100 == 2);

            Request first = bobPhone.awaitNotify(NOTIFY_TIMEOUT, "<basic>closed</basic>");
            ContentTypeHeader type = (ContentTypeHeader) first.getHeader(ContentTypeHeader.NAME);
            assertEquals("application/pidf+xml", type.getContentType() + "/" + type.getContentSubType());
            assertTrue(PresenceClient.body(first), PresenceClient.body(first).contains("entity=\"" + alicePhone.aor()));

            assertEquals(200, alicePhone.send(alicePhone.publish(600, null,
                    pidf(alicePhone.aor(), "open", "busy", "writing code"))).getStatusCode());
            bobPhone.awaitNotify(NOTIFY_TIMEOUT, "<basic>open</basic>", "<rpid:busy/>", "writing code");

            // a second device: open wins, the newest activity shows
            try (PresenceClient aliceDesk = client(alice)) {
                assertEquals(200, aliceDesk.send(aliceDesk.publish(600, null,
                        pidf(alicePhone.aor(), "closed", "meeting", null))).getStatusCode());
                bobPhone.awaitNotify(NOTIFY_TIMEOUT, "<basic>open</basic>", "<basic>closed</basic>",
                        "<rpid:meeting/>", "writing code");
            }

            // on the phone while a call is established, back after it
            EventAdmin events = waitForService(EventAdmin.class, DEFAULT_TIMEOUT);
            Map<String, Object> call = Map.of("callId", "itest-call", "caller", alicePhone.aor(), "callee",
                    "sip:someone@elsewhere.example", "answered", System.currentTimeMillis());
            events.postEvent(new Event("parley/call/ANSWERED", call));
            bobPhone.awaitNotify(NOTIFY_TIMEOUT, "<rpid:on-the-phone/>");
            events.postEvent(new Event("parley/call/ENDED", call));
            bobPhone.awaitNotify(NOTIFY_TIMEOUT, "<rpid:meeting/>");
        }
    }

    @Test
    public void aBlockedWatcherIsRefusedAndAnAllowedOneAccepted() throws Exception {
        String alice = newUser();
        String bob = newUser();
        executeCommand("parley:presence-block " + alice + " " + bob);
        try (PresenceClient bobPhone = client(bob)) {
            Response refused = bobPhone.send(bobPhone.subscribe("sip:" + alice + "@" + DOMAIN, 600));
            assertEquals(403, refused.getStatusCode());

            executeCommand("parley:presence-rule-remove " + alice + " " + bob);
            Response accepted = bobPhone.send(bobPhone.subscribe("sip:" + alice + "@" + DOMAIN, 600));
            assertTrue("SUBSCRIBE accepted: " + accepted, accepted.getStatusCode() / 100 == 2);
            bobPhone.awaitNotify(NOTIFY_TIMEOUT, "<basic>closed</basic>");

            // blocking again ends the subscription at once
            executeCommand("parley:presence-block " + alice + " " + bob);
            Request last = bobPhone.awaitNotify(NOTIFY_TIMEOUT);
            assertTrue(last.toString(), last.getHeader("Subscription-State").toString().contains("terminated"));
        }
    }

    @Test
    public void publicationsSurviveARestartOfThePresenceBundle() throws Exception {
        String alice = newUser();
        try (PresenceClient phone = client(alice)) {
            Response initial = phone.send(phone.publish(600, null, pidf(phone.aor(), "open", "vacation", "beach")));
            assertEquals(200, initial.getStatusCode());
            // a status set on the user's behalf is stored too: it is newer, so it clears the activity
            executeCommand("parley:presence-set " + alice + " closed");

            restartBundle("dev.parley.presence");
            waitForPresence();

            PresenceStatus status = presence.status(new SipAddress(alice, DOMAIN));
            assertEquals(BasicStatus.OPEN, status.basic()); // open wins over the closed API status
            assertEquals(null, status.activity());
            assertEquals("beach", status.note());
            Response refreshed = phone.send(phone.publish(600, etag(initial), null));
            assertEquals(200, refreshed.getStatusCode());
        }
    }

    @Test
    public void theOwnerAloneWatchesHisWatchersThroughPresenceWinfo() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (PresenceClient alicePhone = client(alice); PresenceClient bobPhone = client(bob)) {
            Response refused = bobPhone.send(bobPhone.subscribe(alicePhone.aor(), 600, "presence.winfo",
                    WATCHERINFO_TYPE));
            assertEquals("only the owner may see who watches him", 403, refused.getStatusCode());

            Response subscribed = alicePhone.send(alicePhone.subscribe(alicePhone.aor(), 600, "presence.winfo",
                    WATCHERINFO_TYPE));
            assertEquals(200, subscribed.getStatusCode());
            Request empty = alicePhone.awaitNotify(NOTIFY_TIMEOUT, "<watcher-list resource=\"" + alicePhone.aor()
                    + "\" package=\"presence\">");
            ContentTypeHeader type = (ContentTypeHeader) empty.getHeader(ContentTypeHeader.NAME);
            assertEquals("application/" + WATCHERINFO_TYPE, type.getContentType() + "/" + type.getContentSubType());
            assertTrue(PresenceClient.body(empty), !PresenceClient.body(empty).contains("<watcher "));

            assertEquals(200, bobPhone.send(bobPhone.subscribe(alicePhone.aor(), 600)).getStatusCode());
            alicePhone.awaitNotify(NOTIFY_TIMEOUT, "status=\"active\">" + bobPhone.aor() + "</watcher>",
                    "event=\"subscribe\"");

            executeCommand("parley:presence-block " + alice + " " + bob);
            alicePhone.awaitNotify(NOTIFY_TIMEOUT, "event=\"rejected\" status=\"terminated\">" + bobPhone.aor());
        }
    }

    @Test
    public void onThePhoneAndTheDialogSurviveRestartsDuringACallAndEndWithIt() throws Exception {
        String carol = newUser();
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone();
                PresenceClient watcher = client(carol)) {
            assertEquals(200, watcher.send(watcher.subscribe(alice.aor(), 600)).getStatusCode());
            assertEquals(200, watcher.send(watcher.subscribe(alice.aor(), 600, "dialog", DIALOG_INFO_TYPE))
                    .getStatusCode());
            watcher.awaitNotify(NOTIFY_TIMEOUT, "<basic>closed</basic>");

            SipPhone.Dialog caller = alice.call(bob.aor(), SipPhone.Sdp.offer("192.0.2.10", 40000));
            SipPhone.Dialog callee = bob.awaitCall(NOTIFY_TIMEOUT);
            callee.answer(Response.OK, SipPhone.Sdp.offer("192.0.2.20", 50000));
            assertEquals(Response.OK, caller.awaitFinal(NOTIFY_TIMEOUT).getStatusCode());
            caller.ack();
            watcher.awaitEach(NOTIFY_TIMEOUT, "<rpid:on-the-phone/>", "<state>confirmed</state>");

            // both bundles forget everything in memory: what they show again comes from the call service
            restartBundle("dev.parley.presence");
            watcher.awaitNotify(NOTIFY_TIMEOUT, "<rpid:on-the-phone/>");
            restartBundle("dev.parley.events");
            waitForPresence();
            watcher.awaitNotify(NOTIFY_TIMEOUT, "<state>confirmed</state>", bob.aor());

            assertEquals(Response.OK, caller.bye().getStatusCode());
            // the end reaches both packages: the dialog terminated, presence back to the published (none: closed)
            watcher.awaitEach(NOTIFY_TIMEOUT, "<state>terminated</state>", "<basic>closed</basic>");
            assertEquals(null, presence.status(SipAddress.parse(alice.aor())).activity());
        }
    }

    /** A new account with a registered phone (the call bundle routes to its binding). */
    private SipPhone registeredPhone() throws Exception {
        String user = newUser();
        SipPhone phone = new SipPhone(sipPort(), user, DOMAIN, PASSWORD);
        phone.register(1.0f);
        return phone;
    }

    private static PresenceStatus withoutTime(PresenceStatus status) {
        return new PresenceStatus(status.entity(), status.basic(), status.activity(), status.note(), null);
    }
}
