package dev.parley.messaging.internal;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.RegistrationService;

class RegistrationListenerTest {

    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    private final MessageRelay relay = mock(MessageRelay.class);
    private final RegistrationListener listener = new RegistrationListener(relay);

    @Test
    void aNewContactDeliversThePendingMessagesAndARefreshTheWaitingOnes() {
        listener.handleEvent(new Event(RegistrationService.TOPIC_REGISTERED, Map.of("aor", BOB.uri())));
        listener.handleEvent(new Event(RegistrationService.TOPIC_REFRESHED, Map.of("aor", BOB.uri())));

        verify(relay).recipientRegistered(BOB);
        verify(relay).recipientRefreshed(BOB);
    }

    @Test
    void anEventWithoutAReadableAddressIsIgnored() {
        listener.handleEvent(new Event(RegistrationService.TOPIC_REFRESHED, Map.of("aor", "not an address")));
        listener.handleEvent(new Event(RegistrationService.TOPIC_REGISTERED, Map.of()));

        verifyNoInteractions(relay);
    }
}
