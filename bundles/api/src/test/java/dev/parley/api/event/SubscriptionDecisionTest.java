package dev.parley.api.event;

import static dev.parley.api.event.SubscriptionDecision.ACCEPT;
import static dev.parley.api.event.SubscriptionDecision.REJECT;
import static dev.parley.api.event.SubscriptionDecision.ownerOrSameDomain;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;

class SubscriptionDecisionTest {
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress MALLORY = new SipAddress("mallory", "other.net");

    @Test
    void theOwnerAlwaysAndTheSameDomainOnlyWhenAllowed() {
        assertEquals(ACCEPT, ownerOrSameDomain(ALICE, ALICE, false));
        assertEquals(REJECT, ownerOrSameDomain(BOB, ALICE, false));
        assertEquals(ACCEPT, ownerOrSameDomain(BOB, ALICE, true));
        assertEquals(REJECT, ownerOrSameDomain(MALLORY, ALICE, true));
    }
}
