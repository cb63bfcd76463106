package dev.parley.registration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.api.registration.RegistrationService;
import dev.parley.store.StoreException;

class RegistrationServiceImplTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final String PHONE = "sip:alice@192.0.2.10:5062";
    private static final String LAPTOP = "sip:alice@192.0.2.11:5060;transport=tcp";

    private final InMemoryBindingStore store = new InMemoryBindingStore();
    private final EventAdmin eventAdmin = mock(EventAdmin.class);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<RegistrationServiceImpl> started = new ArrayList<>();
    private RegistrationServiceImpl registrar = start(TestConfigs.defaults());

    @AfterEach
    void stop() {
        started.forEach(RegistrationServiceImpl::deactivate);
    }

    @Test
    void newContactIsStoredReturnedAndAnnounced() {
        RegisterResult result = registrar.register(request("c1", 1, null, contact(PHONE, 600L)));

        assertEquals(List.of(PHONE), contacts(result.bindings()));
        Binding binding = store.find(ALICE).get(0);
        assertEquals(clock.instant().plusSeconds(600), binding.expiresAt());
        assertEquals("c1", binding.callId());
        assertEquals(1, binding.cseq());
        assertEquals("udp", binding.transport());
        assertEquals("192.0.2.10:5062", binding.source());
        assertEquals("Softphone/1.0", binding.userAgent());
        assertEquals(List.of(PHONE), contacts(registrar.lookup(ALICE)));
        Event event = onlyEvent();
        assertEquals(RegistrationService.TOPIC_REGISTERED, event.getTopic());
        assertEquals("sip:alice@example.org", event.getProperty("aor"));
        assertEquals(PHONE, event.getProperty("contact"));
        assertEquals(600L, event.getProperty("expires"));
        assertEquals("udp", event.getProperty("transport"));
    }

    @Test
    void sameContactWithHigherCseqIsARefresh() {
        registrar.register(request("c1", 1, null, contact(PHONE, 600L)));
        clock.advance(Duration.ofSeconds(100));
        clearInvocations(eventAdmin);

        registrar.register(request("c1", 2, null, contact(PHONE, 600L)));

        assertEquals(clock.instant().plusSeconds(600), store.find(ALICE).get(0).expiresAt());
        assertEquals(2, store.find(ALICE).get(0).cseq());
        assertEquals(RegistrationService.TOPIC_REFRESHED, onlyEvent().getTopic());
    }

    @Test
    void expiryComesFromTheParameterThenTheHeaderThenTheDefault() {
        registrar.register(request("c1", 1, 900L, contact(PHONE, 300L), contact(LAPTOP, null)));
        registrar.register(request("c2", 1, null, contact("sip:alice@192.0.2.12", null)));

        assertEquals(300, expiresIn(PHONE));
        assertEquals(900, expiresIn(LAPTOP));
        assertEquals(3600, expiresIn("sip:alice@192.0.2.12"));
    }

    @Test
    void expiryAboveTheMaximumIsCapped() {
        registrar.register(request("c1", 1, 4294967295L, contact(PHONE, null)));

        assertEquals(7200, expiresIn(PHONE));
    }

    @Test
    void expiryBelowTheMinimumIsRefusedWithTheMinimumAndWritesNothing() {
        registrar.register(request("c1", 1, null, contact(PHONE, 600L)));

        IntervalTooBriefException e = assertThrows(IntervalTooBriefException.class,
                () -> registrar.register(request("c1", 2, null, contact(LAPTOP, 600L), contact(PHONE, 9L))));

        assertEquals(10, e.minExpires());
        assertEquals(423, e.error().sipStatus());
        assertEquals(List.of(PHONE), contacts(store.find(ALICE)));
        assertEquals(1, store.updates());
    }

    @Test
    void minimumFollowsALiveConfigurationChange() {
        registrar.modified(TestConfigs.with(Map.of("min_expires", 120)));

        IntervalTooBriefException e = assertThrows(IntervalTooBriefException.class,
                () -> registrar.register(request("c1", 1, null, contact(PHONE, 90L))));
        assertEquals(120, e.minExpires());
    }

    @Test
    void aDefaultBelowTheMinimumIsRaisedRatherThanRefused() {
        registrar.modified(TestConfigs.with(Map.of("default_expires", 30, "min_expires", 120)));

        registrar.register(request("c1", 1, null, contact(PHONE, null)));

        assertEquals(120, expiresIn(PHONE));
    }

    @Test
    void expiresZeroRemovesOneContact() {
        registrar.register(request("c1", 1, null, contact(PHONE, 600L), contact(LAPTOP, 600L)));
        clearInvocations(eventAdmin);

        RegisterResult result = registrar.register(request("c1", 2, null, contact(PHONE, 0L)));

        assertEquals(List.of(LAPTOP), contacts(result.bindings()));
        assertEquals(List.of(LAPTOP), contacts(store.find(ALICE)));
        Event event = onlyEvent();
        assertEquals(RegistrationService.TOPIC_UNREGISTERED, event.getTopic());
        assertEquals(PHONE, event.getProperty("contact"));
    }

    @Test
    void wildcardWithExpiresZeroRemovesEveryBinding() {
        registrar.register(request("c1", 1, null, contact(PHONE, 600L)));
        registrar.register(request("c2", 1, null, contact(LAPTOP, 600L)));

        RegisterResult result = registrar.register(request("c1", 5, 0L, ContactRequest.wildcard()));

        assertTrue(result.bindings().isEmpty());
        assertTrue(store.find(ALICE).isEmpty());
        assertTrue(registrar.lookup(ALICE).isEmpty());
    }

    @Test
    void wildcardBesideAnotherContactOrWithoutExpiresZeroIsABadRequest() {
        registrar.register(request("c1", 1, null, contact(PHONE, 600L)));

        ParleyException withContact = assertThrows(ParleyException.class, () -> registrar
                .register(request("c1", 2, 0L, ContactRequest.wildcard(), contact(LAPTOP, null))));
        ParleyException withoutExpires = assertThrows(ParleyException.class,
                () -> registrar.register(request("c1", 3, null, ContactRequest.wildcard())));
        ParleyException withExpires = assertThrows(ParleyException.class,
                () -> registrar.register(request("c1", 4, 3600L, ContactRequest.wildcard())));

        assertEquals(ParleyError.INVALID_ARGUMENT, withContact.error());
        assertEquals("Contact * must be the only contact", withContact.getMessage());
        assertEquals("Contact * requires Expires: 0", withoutExpires.getMessage());
        assertEquals("Contact * requires Expires: 0", withExpires.getMessage());
        assertEquals(List.of(PHONE), contacts(store.find(ALICE)));
    }

    @Test
    void wildcardWithAnOldCseqOfTheSameCallIdFailsAndRemovesNothing() {
        registrar.register(request("c1", 7, null, contact(PHONE, 600L)));

        ParleyException e = assertThrows(ParleyException.class,
                () -> registrar.register(request("c1", 7, 0L, ContactRequest.wildcard())));

        assertEquals(500, e.error().sipStatus());
        assertEquals(List.of(PHONE), contacts(store.find(ALICE)));
    }

    @Test
    void lookupOrdersByQThenMostRecentlyUpdated() {
        registrar.register(request("c1", 1, null, contact("sip:a@192.0.2.1", 600L, 0.5f)));
        clock.advance(Duration.ofSeconds(1));
        registrar.register(request("c2", 1, null, contact("sip:b@192.0.2.2", 600L, 1.0f)));
        clock.advance(Duration.ofSeconds(1));
        registrar.register(request("c3", 1, null, contact("sip:c@192.0.2.3", 600L, 0.5f)));
        clock.advance(Duration.ofSeconds(1));
        registrar.register(request("c4", 1, null, contact("sip:d@192.0.2.4", 600L, 0.8f)));

        assertEquals(List.of("sip:b@192.0.2.2", "sip:d@192.0.2.4", "sip:c@192.0.2.3", "sip:a@192.0.2.1"),
                contacts(registrar.lookup(ALICE)));
    }

    @Test
    void sameCallIdWithoutAHigherCseqFailsAndChangesNothing() {
        registrar.register(request("c1", 5, null, contact(PHONE, 600L)));
        clearInvocations(eventAdmin);

        ParleyException equal = assertThrows(ParleyException.class,
                () -> registrar.register(request("c1", 5, null, contact(PHONE, 0L), contact(LAPTOP, 600L))));
        ParleyException lower = assertThrows(ParleyException.class,
                () -> registrar.register(request("c1", 4, null, contact(PHONE, 900L))));

        assertEquals(ParleyError.INTERNAL, equal.error());
        assertEquals("Out of order CSeq", equal.getMessage());
        assertEquals("Out of order CSeq", lower.getMessage());
        assertEquals(List.of(PHONE), contacts(store.find(ALICE)));
        assertEquals(600, expiresIn(PHONE));
        verifyNoInteractions(eventAdmin);
    }

    @Test
    void aContactListedTwiceInOneRequestIsNotOutOfOrderWithItself() {
        registrar.register(request("c1", 1, null, contact(PHONE, 600L)));

        RegisterResult result = registrar.register(request("c1", 2, null, contact(PHONE, 600L, 0.3f),
                contact(PHONE, 900L, 0.6f)));

        assertEquals(1, result.bindings().size());
        assertEquals(0.6f, store.find(ALICE).get(0).q());
        assertEquals(900, expiresIn(PHONE));
    }

    @Test
    void anotherCallIdReplacesTheBindingWhateverItsCseq() {
        registrar.register(request("c1", 50, null, contact(PHONE, 600L)));

        registrar.register(request("rebooted", 1, null, contact(PHONE, 1200L)));

        Binding binding = store.find(ALICE).get(0);
        assertEquals("rebooted", binding.callId());
        assertEquals(1, binding.cseq());
        assertEquals(1200, expiresIn(PHONE));
    }

    @Test
    void tooManyContactsIsRefusedAndNothingIsWritten() {
        registrar.modified(TestConfigs.with(Map.of("max_contacts", 2)));
        registrar.register(request("c1", 1, null, contact(PHONE, 600L), contact(LAPTOP, 600L)));

        ParleyException e = assertThrows(ParleyException.class,
                () -> registrar.register(request("c2", 1, null, contact("sip:alice@192.0.2.12", 600L))));

        assertEquals(ParleyError.FORBIDDEN, e.error());
        assertEquals("Too many contacts", e.getMessage());
        assertEquals(2, store.find(ALICE).size());
        assertEquals(1, store.updates());
    }

    @Test
    void replacingAContactWithinTheLimitIsAllowed() {
        registrar.modified(TestConfigs.with(Map.of("max_contacts", 2)));
        registrar.register(request("c1", 1, null, contact(PHONE, 600L), contact(LAPTOP, 600L)));

        registrar.register(request("c1", 2, null, contact(PHONE, 0L), contact("sip:alice@192.0.2.12", 600L),
                contact(LAPTOP, 600L)));

        assertEquals(2, store.find(ALICE).size());
    }

    @Test
    void queryReturnsTheBindingsAndWritesNothing() {
        registrar.register(request("c1", 1, null, contact(PHONE, 600L)));
        clearInvocations(eventAdmin);

        RegisterResult result = registrar.register(request("c9", 1, null));

        assertEquals(List.of(PHONE), contacts(result.bindings()));
        assertEquals(1, store.updates());
        verifyNoInteractions(eventAdmin);
    }

    @Test
    void expiredBindingsAreNeverReturnedAndTheSweeperDeletesAndAnnouncesThem() {
        registrar.register(request("c1", 1, null, contact(PHONE, 60L), contact(LAPTOP, 600L)));
        clock.advance(Duration.ofSeconds(60));

        assertEquals(List.of(LAPTOP), contacts(registrar.lookup(ALICE)));
        assertEquals(List.of(LAPTOP), contacts(registrar.allBindings()));
        clearInvocations(eventAdmin);

        registrar.sweepExpired();

        assertEquals(List.of(LAPTOP), contacts(store.find(ALICE)));
        Event event = onlyEvent();
        assertEquals(RegistrationService.TOPIC_EXPIRED, event.getTopic());
        assertEquals(PHONE, event.getProperty("contact"));
        assertEquals("sip:alice@example.org", event.getProperty("aor"));
    }

    @Test
    void theSweeperRunsOnItsOwnAtTheConfiguredInterval() throws InterruptedException {
        registrar.register(request("c1", 1, null, contact(PHONE, 60L)));
        clock.advance(Duration.ofSeconds(61));

        registrar.modified(TestConfigs.with(Map.of("sweep_interval", 1)));

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!store.find(ALICE).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(store.find(ALICE).isEmpty());
    }

    @Test
    void sweeperKeepsABindingThatWasRefreshedMeanwhile() {
        registrar.register(request("c1", 1, null, contact(PHONE, 60L)));
        Binding lapsed = store.find(ALICE).get(0);
        clock.advance(Duration.ofSeconds(61));
        registrar.register(request("c1", 2, null, contact(PHONE, 600L)));
        // a store that reports the old row as deleted, as if it had swept it just before the refresh was written
        InMemoryBindingStore racing = new InMemoryBindingStore() {
            @Override
            public synchronized List<Binding> deleteExpired(Instant now) {
                return List.of(lapsed);
            }
        };
        racing.update(ALICE, store.find(ALICE), List.of());
        RegistrationServiceImpl reloaded = start(TestConfigs.defaults(), racing);

        reloaded.sweepExpired();

        assertEquals(List.of(PHONE), contacts(reloaded.lookup(ALICE)));
    }

    @Test
    void aFailingSweepIsSurvivedAndRetried() {
        registrar.register(request("c1", 1, null, contact(PHONE, 60L)));
        clock.advance(Duration.ofSeconds(61));
        store.failWrites(true);

        registrar.sweepExpired();
        store.failWrites(false);
        registrar.sweepExpired();

        assertTrue(store.find(ALICE).isEmpty());
    }

    @Test
    void bindingsComeBackFromTheStoreAfterARestart() {
        registrar.register(request("c1", 3, null, contact(PHONE, 600L, 0.4f), contact(LAPTOP, 600L, 0.9f)));
        registrar.deactivate();

        RegistrationServiceImpl restarted = start(TestConfigs.defaults(), store);

        assertEquals(List.of(LAPTOP, PHONE), contacts(restarted.lookup(ALICE)));
        ParleyException e = assertThrows(ParleyException.class,
                () -> restarted.register(request("c1", 3, null, contact(PHONE, 600L))));
        assertEquals("Out of order CSeq", e.getMessage());
    }

    @Test
    void outboundFlowWithTheSameInstanceAndRegIdReplacesTheOldContact() {
        String instance = "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";
        registrar.register(request("c1", 1, null, new ContactRequest(PHONE, 600L, 1.0f, instance, 1),
                new ContactRequest(LAPTOP, 600L, 1.0f, instance, 2)));
        clearInvocations(eventAdmin);

        registrar.register(request("c2", 1, null,
                new ContactRequest("sip:alice@198.51.100.7:40000", 600L, 1.0f, instance, 1)));

        assertEquals(Set.of("sip:alice@198.51.100.7:40000", LAPTOP), Set.copyOf(contacts(store.find(ALICE))));
        Binding moved = store.find(ALICE).stream().filter(b -> b.regId() == 1).findFirst().orElseThrow();
        assertEquals(instance, moved.instanceId());
        ArgumentCaptor<Event> events = ArgumentCaptor.forClass(Event.class);
        verify(eventAdmin, atLeastOnce()).postEvent(events.capture());
        assertEquals(List.of(RegistrationService.TOPIC_REGISTERED, RegistrationService.TOPIC_UNREGISTERED),
                events.getAllValues().stream().map(Event::getTopic).toList());
    }

    @Test
    void pathIsStored() {
        registrar.register(new RegisterRequest(ALICE, "c1", 1, List.of(contact(PHONE, 600L)), null, "tcp",
                "198.51.100.1:5060", List.of("<sip:edge.example.org;lr>"), null));

        Binding binding = store.find(ALICE).get(0);
        assertEquals(List.of("<sip:edge.example.org;lr>"), binding.path());
        assertNull(binding.userAgent());
    }

    @Test
    void aFailingStoreLeavesTheCacheUntouched() {
        registrar.register(request("c1", 1, null, contact(PHONE, 600L)));
        store.failWrites(true);

        assertThrows(StoreException.class, () -> registrar.register(request("c1", 2, null, contact(PHONE, 0L))));

        assertEquals(List.of(PHONE), contacts(registrar.lookup(ALICE)));
    }

    @Test
    void administratorsCanRemoveOneOrAllBindings() {
        registrar.register(request("c1", 1, null, contact(PHONE, 600L), contact(LAPTOP, 600L)));
        registrar.register(new RegisterRequest(BOB, "b1", 1, List.of(contact("sip:bob@192.0.2.20", 600L)), null,
                "udp", "192.0.2.20:5060", List.of(), null));

        assertTrue(registrar.unregister(ALICE, PHONE));
        assertFalse(registrar.unregister(ALICE, PHONE));
        assertEquals(List.of(LAPTOP, "sip:bob@192.0.2.20"), contacts(registrar.allBindings()));
        assertEquals(1, registrar.unregisterAll(ALICE));
        assertTrue(store.find(ALICE).isEmpty());
        assertEquals(List.of("sip:bob@192.0.2.20"), contacts(registrar.bindings(BOB)));
    }

    @Test
    void concurrentRegistersOfOneAddressLoseNoContact() throws Exception {
        registrar.modified(TestConfigs.with(Map.of("max_contacts", 100)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RegisterResult>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String uri = "sip:alice@192.0.2." + (i + 1);
                results.add(pool.submit(() -> registrar.register(request("c-" + uri, 1, null, contact(uri, 600L)))));
            }
            for (Future<RegisterResult> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(40, registrar.lookup(ALICE).size());
        assertEquals(40, store.find(ALICE).size());
    }

    private RegistrationServiceImpl start(RegistrationConfig config) {
        return start(config, store);
    }

    private RegistrationServiceImpl start(RegistrationConfig config, InMemoryBindingStore bindingStore) {
        RegistrationServiceImpl service = new RegistrationServiceImpl(bindingStore, eventAdmin, config, clock);
        started.add(service);
        return service;
    }

    private long expiresIn(String contact) {
        return registrar.lookup(ALICE).stream().filter(b -> b.contact().equals(contact)).findFirst().orElseThrow()
                .expiresIn(clock.instant());
    }

    private Event onlyEvent() {
        ArgumentCaptor<Event> event = ArgumentCaptor.forClass(Event.class);
        verify(eventAdmin).postEvent(event.capture());
        return event.getValue();
    }

    private static RegisterRequest request(String callId, long cseq, @Nullable Long expiresHeader,
            ContactRequest... contacts) {
        return new RegisterRequest(ALICE, callId, cseq, List.of(contacts), expiresHeader, "udp", "192.0.2.10:5062",
                List.of(), "Softphone/1.0");
    }

    private static ContactRequest contact(String uri, @Nullable Long expires) {
        return contact(uri, expires, 1.0f);
    }

    private static ContactRequest contact(String uri, @Nullable Long expires, float q) {
        return new ContactRequest(uri, expires, q, null, 0);
    }

    private static List<String> contacts(List<Binding> bindings) {
        return bindings.stream().map(Binding::contact).toList();
    }
}
