package dev.parley.presence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionDecision;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.event.SubscriptionState;
import dev.parley.api.presence.WatcherPolicy;

/** Who may watch whom, and how the presence event package answers a SUBSCRIBE with it. */
class WatcherRulesTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress CAROL = new SipAddress("carol", "other.net");
    private static final SipAddress GHOST = new SipAddress("ghost", "example.org");

    private final InMemoryPresenceStore store = new InMemoryPresenceStore();
    private final SubscriptionService subscriptions = mock(SubscriptionService.class);
    private final AccountService accounts = mock(AccountService.class);
    private WatcherRules rules = rules(true);

    @Test
    void sameDomainMayWatchOthersMayNot() {
        assertTrue(rules.mayWatch(BOB, ALICE));
        assertFalse(rules.mayWatch(CAROL, ALICE));
        assertTrue(rules.mayWatch(ALICE, ALICE));
    }

    @Test
    void explicitRulesOverrideTheDefault() {
        rules.set(ALICE, CAROL, WatcherPolicy.ALLOW);
        rules.set(ALICE, BOB, WatcherPolicy.BLOCK);

        assertTrue(rules.mayWatch(CAROL, ALICE));
        assertFalse(rules.mayWatch(BOB, ALICE));
        assertEquals(Map.of(BOB, WatcherPolicy.BLOCK, CAROL, WatcherPolicy.ALLOW), rules.rules(ALICE));

        assertTrue(rules.remove(ALICE, BOB));
        assertTrue(rules.mayWatch(BOB, ALICE));
        assertFalse(rules.remove(ALICE, BOB));
    }

    @Test
    void withoutTheSameDomainDefaultOnlyAllowedWatchersMay() {
        rules = rules(false);
        rules.set(ALICE, CAROL, WatcherPolicy.ALLOW);

        assertFalse(rules.mayWatch(BOB, ALICE));
        assertTrue(rules.mayWatch(CAROL, ALICE));
        rules.modified(TestConfigs.with(Map.of("same_domain_watch", true)));
        assertTrue(rules.mayWatch(BOB, ALICE));
    }

    @Test
    void blockingEndsTheWatchersSubscriptionsOnly() {
        when(subscriptions.subscriptions("presence", ALICE)).thenReturn(List.of(
                subscription("s1", BOB), subscription("s2", new SipAddress("dave", "example.org"))));

        rules.set(ALICE, BOB, WatcherPolicy.BLOCK);

        verify(subscriptions).terminate("s1", "rejected");
        verify(subscriptions, never()).terminate("s2", "rejected");
    }

    @Test
    void removingAnAllowRuleEndsSubscriptionsTheDefaultRefuses() {
        when(subscriptions.subscriptions("presence", ALICE)).thenReturn(List.of(subscription("s3", CAROL)));
        rules.set(ALICE, CAROL, WatcherPolicy.ALLOW);
        verify(subscriptions, never()).terminate("s3", "rejected");

        rules.remove(ALICE, CAROL);

        verify(subscriptions).terminate("s3", "rejected");
    }

    @Test
    void thePackageRefusesBeforeItRevealsWhetherTheUserExists() {
        when(accounts.find(ALICE)).thenReturn(Optional.of(mock(Account.class)));
        when(accounts.find(GHOST)).thenReturn(Optional.empty());
        PresenceEventPackage presence = new PresenceEventPackage(rules, mock(PresenceView.class), accounts);

        assertEquals(SubscriptionDecision.ACCEPT, presence.authorize(BOB, ALICE));
        assertEquals(SubscriptionDecision.REJECT, presence.authorize(CAROL, ALICE));
        assertEquals(SubscriptionDecision.REJECT, presence.authorize(CAROL, GHOST));
        assertEquals(SubscriptionDecision.NO_SUCH_RESOURCE, presence.authorize(BOB, GHOST));
        assertEquals("presence", presence.name());
        assertEquals("application/pidf+xml", presence.contentType());
    }

    private WatcherRules rules(boolean sameDomain) {
        WatcherRules created = new WatcherRules(store, TestConfigs.with(Map.of("same_domain_watch", sameDomain)));
        created.subscriptions = subscriptions;
        return created;
    }

    private static Subscription subscription(String id, SipAddress subscriber) {
        return new Subscription(id, "presence", subscriber, ALICE, SubscriptionState.ACTIVE,
                Instant.parse("2026-11-25T11:00:00Z"), 1);
    }
}
