package dev.parley.registration.internal;

import static org.mockito.Mockito.mock;

import org.osgi.service.event.EventAdmin;

/** A real registrar over an in-memory store, for the SIP handler tests; closing it deactivates it. */
public final class RegistrarFixture implements AutoCloseable {

    public final InMemoryBindingStore store = new InMemoryBindingStore();
    public final EventAdmin eventAdmin = mock(EventAdmin.class);
    public final RegistrationServiceImpl registrar;

    public RegistrarFixture(RegistrationConfig config) {
        registrar = new RegistrationServiceImpl(store, eventAdmin, config);
    }

    @Override
    public void close() {
        registrar.deactivate();
    }
}
