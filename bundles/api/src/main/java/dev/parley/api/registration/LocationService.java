package dev.parley.api.registration;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;

/** Where a user can be reached now: what a call, message or notification service asks before it forwards. */
@ProviderType
public interface LocationService {

    /**
     * The unexpired contacts of an address of record, highest q first (ties: most recently refreshed first). Empty
     * when the user is not registered.
     */
    List<Binding> lookup(SipAddress aor);
}
