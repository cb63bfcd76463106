package dev.parley.api.server;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** What the SIP server is serving right now; provided by the SIP core and changed live by its configuration. */
@ProviderType
public interface ServerInfo {

    /** The domains Parley is authoritative for; the first is the default domain. Never empty. */
    List<String> domains();

    default String defaultDomain() {
        return domains().get(0);
    }

    /** True if {@code host} (case-insensitive) is one of {@link #domains()}. */
    boolean isLocalDomain(String host);

    List<ListeningPoint> listeningPoints();

    /**
     * Monotonic counters since the SIP core started, by name (e.g. {@code requests.received},
     * {@code responses.sent.4xx}), in name order.
     */
    Map<String, Long> counters();
}
