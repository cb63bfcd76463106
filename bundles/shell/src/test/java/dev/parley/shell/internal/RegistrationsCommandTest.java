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
import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.api.registration.RegistrationService;

class RegistrationsCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final List<String> HEADER =
            List.of("AOR", "Contact", "Transport", "Expires in (s)", "q", "User agent");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    private final RegistrationService registrations = mock(RegistrationService.class);
    private final Console console = new Console();
    private final RegistrationsCommand command = new RegistrationsCommand();

    @BeforeEach
    void setUp() {
        command.registrations = registrations;
        command.server = FakeServerInfo.servingExampleDomains();
        command.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Test
    void listsEveryBindingWhenNoUserIsGiven() throws CommandException {
        when(registrations.allBindings()).thenReturn(List.of(
                binding(ALICE, "sip:alice@192.0.2.10:5060", 3600, 1.0f, "udp", "Linphone/5.2"),
                binding(BOB, "sip:bob@198.51.100.7:40111;transport=tcp", 42, 0.5f, "tcp", null)));

        console.run(command);

        assertEquals(List.of(HEADER,
                List.of("sip:alice@example.org", "sip:alice@192.0.2.10:5060", "udp", "3600", "1.0", "Linphone/5.2"),
                List.of("sip:bob@example.org", "sip:bob@198.51.100.7:40111;transport=tcp", "tcp", "42", "0.5", "")),
                console.tableRows());
    }

    @Test
    void listsTheBindingsOfOneUserInTheDefaultDomain() throws CommandException {
        command.user = "bob";
        when(registrations.bindings(BOB))
                .thenReturn(List.of(binding(BOB, "sip:bob@203.0.113.5", 90, 0.8f, "ws", "JsSIP 3.10")));

        console.run(command);

        assertEquals(List.of(HEADER,
                List.of("sip:bob@example.org", "sip:bob@203.0.113.5", "ws", "90", "0.8", "JsSIP 3.10")),
                console.tableRows());
    }

    @Test
    void saysSoWhenNobodyIsRegistered() throws CommandException {
        when(registrations.allBindings()).thenReturn(List.of());

        console.run(command);

        assertEquals(List.of(HEADER), console.tableRows());
        assertTrue(console.output().strip().endsWith("No registrations"));
    }

    private static Binding binding(SipAddress aor, String contact, long expiresInSeconds, float q, String transport,
            @Nullable String userAgent) {
        return new Binding(aor, contact, NOW.plusSeconds(expiresInSeconds), q, "call-" + contact, 1, transport,
                "192.0.2.1:5060", List.of(), null, 0, userAgent, NOW);
    }
}
