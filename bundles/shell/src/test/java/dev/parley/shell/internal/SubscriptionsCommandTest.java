package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.event.SubscriptionState;

class SubscriptionsCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final List<String> HEADER = List.of("Package", "Subscriber", "Resource", "State", "Expires in (s)");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress CAROL = new SipAddress("carol", "example.org");

    private final SubscriptionService subscriptions = mock(SubscriptionService.class);
    private final Console console = new Console();
    private final SubscriptionsCommand command = new SubscriptionsCommand();

    @BeforeEach
    void setUp() {
        command.subscriptions = subscriptions;
        command.server = FakeServerInfo.servingExampleDomains();
        command.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        when(subscriptions.subscriptions()).thenReturn(List.of(
                new Subscription("1", "dialog", BOB, ALICE, SubscriptionState.ACTIVE, NOW.plusSeconds(600), 3),
                new Subscription("2", "reg", ALICE, ALICE, SubscriptionState.PENDING, NOW.plusSeconds(42), 0),
                new Subscription("3", "reg", CAROL, CAROL, SubscriptionState.ACTIVE, NOW.minusSeconds(1), 1)));
    }

    @Test
    void listsEverySubscriptionWithItsRemainingTime() throws CommandException {
        console.run(command);

        assertEquals(List.of(HEADER,
                List.of("dialog", "sip:bob@example.org", "sip:alice@example.org", "ACTIVE", "600"),
                List.of("reg", "sip:alice@example.org", "sip:alice@example.org", "PENDING", "42"),
                List.of("reg", "sip:carol@example.org", "sip:carol@example.org", "ACTIVE", "0")),
                console.tableRows());
    }

    @Test
    void aUserSeesTheSubscriptionsHeHoldsOrIsWatchedBy() throws CommandException {
        command.user = "bob";

        console.run(command);

        assertEquals(List.of(HEADER, List.of("dialog", "sip:bob@example.org", "sip:alice@example.org", "ACTIVE", "600")),
                console.tableRows());
    }

    @Test
    void saysSoWhenThereAreNone() throws CommandException {
        when(subscriptions.subscriptions()).thenReturn(List.of());

        console.run(command);

        assertTrue(console.output().contains("No subscriptions"), console.output());
    }
}
