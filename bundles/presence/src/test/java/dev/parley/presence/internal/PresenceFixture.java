package dev.parley.presence.internal;

import static org.mockito.Mockito.mock;

import java.time.Instant;

import org.osgi.service.event.EventAdmin;

/** The view and the publisher over an in-memory store and a hand-moved clock, for tests outside this package. */
public final class PresenceFixture implements AutoCloseable {

    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    public final InMemoryPresenceStore store = new InMemoryPresenceStore();
    public final PresenceView view = new PresenceView(store, mock(EventAdmin.class), TestConfigs.defaults(), clock);
    public final Publisher publisher = new Publisher(store, view, TestConfigs.defaults(), clock);

    @Override
    public void close() {
        publisher.deactivate();
    }
}
