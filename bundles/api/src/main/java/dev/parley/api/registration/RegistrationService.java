package dev.parley.api.registration;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;

/**
 * The registrar's bindings, for administration (shell, REST). The SIP side (REGISTER) is the registrar's own;
 * other services that need contacts use {@link LocationService}.
 */
@ProviderType
public interface RegistrationService {

    /** A new contact was bound. Properties: {@code aor}, {@code contact}, {@code expires} (s), {@code transport}. */
    String TOPIC_REGISTERED = "parley/registration/REGISTERED";
    /** An existing binding was refreshed. Same properties as {@link #TOPIC_REGISTERED}. */
    String TOPIC_REFRESHED = "parley/registration/REFRESHED";
    /** A binding was removed by its client (Expires: 0) or an administrator. Properties: {@code aor}, {@code contact}. */
    String TOPIC_UNREGISTERED = "parley/registration/UNREGISTERED";
    /** A binding lapsed without refresh. Properties: {@code aor}, {@code contact}. */
    String TOPIC_EXPIRED = "parley/registration/EXPIRED";

    String PROPERTY_CONTACT = "contact";
    String PROPERTY_EXPIRES = "expires";
    String PROPERTY_TRANSPORT = "transport";

    /** Unexpired bindings of one address of record, highest q first. */
    List<Binding> bindings(SipAddress aor);

    /** All unexpired bindings, ordered by address of record then q. */
    List<Binding> allBindings();

    /** Removes one binding; false if there was none. */
    boolean unregister(SipAddress aor, String contact);

    /** Removes every binding of an address of record; returns how many there were. */
    int unregisterAll(SipAddress aor);
}
