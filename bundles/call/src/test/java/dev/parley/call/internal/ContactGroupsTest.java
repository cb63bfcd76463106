package dev.parley.call.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;

class ContactGroupsTest {

    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    @Test
    void groupsByQHighestFirstKeepingTheOrderWithinAGroup() {
        Binding desk = binding("sip:desk@192.0.2.1", 0.5f);
        Binding mobile = binding("sip:mobile@192.0.2.2", 1.0f);
        Binding soft = binding("sip:soft@192.0.2.3", 0.5f);
        Binding tablet = binding("sip:tablet@192.0.2.4", 1.0f);

        List<List<Binding>> groups = ContactGroups.byQ(List.of(desk, mobile, soft, tablet));

        assertEquals(List.of(List.of(mobile, tablet), List.of(desk, soft)), groups);
    }

    @Test
    void noContactsNoGroups() {
        assertEquals(List.of(), ContactGroups.byQ(List.of()));
    }

    private static Binding binding(String contact, float q) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new Binding(BOB, contact, now.plusSeconds(3600), q, "reg-1", 1, "udp", "192.0.2.1:5060", List.of(),
                null, 0, null, now);
    }
}
