package dev.parley.registration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import dev.parley.api.account.AccountService;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.RegistrationService;

class AccountDeletedListenerTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");

    @Test
    void deletedAccountLosesItsBindings() {
        try (RegistrarFixture fixture = new RegistrarFixture(TestConfigs.defaults())) {
            fixture.registrar.register(new RegisterRequest(ALICE, "c1", 1,
                    List.of(new ContactRequest("sip:alice@192.0.2.10", 600L, 1.0f, null, 0)), null, "udp",
                    "192.0.2.10:5060", List.of(), null));

            new AccountDeletedListener(fixture.registrar)
                    .handleEvent(new Event(AccountService.TOPIC_DELETED, Map.of("aor", "sip:alice@example.org")));

            assertTrue(fixture.registrar.lookup(ALICE).isEmpty());
            assertEquals(List.of(), fixture.store.find(ALICE));
        }
    }

    @Test
    void eventWithoutAUsableAddressIsIgnored() {
        RegistrationService registrations = mock(RegistrationService.class);
        AccountDeletedListener listener = new AccountDeletedListener(registrations);

        listener.handleEvent(new Event(AccountService.TOPIC_DELETED, Map.of()));
        listener.handleEvent(new Event(AccountService.TOPIC_DELETED, Map.of("aor", "not an address")));

        verify(registrations, never()).unregisterAll(any());
    }
}
