package dev.parley.shell.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.parley.api.server.ListeningPoint;
import dev.parley.api.server.ServerInfo;

/** A SIP core serving fixed domains, like the real one's configuration would. */
record FakeServerInfo(List<String> domains, List<ListeningPoint> listeningPoints, Map<String, Long> counters)
        implements ServerInfo {

    /** Serves example.org (the default) and example.com. */
    static FakeServerInfo servingExampleDomains() {
        return new FakeServerInfo(List.of("example.org", "example.com"), List.of(), Map.of());
    }

    @Override
    public boolean isLocalDomain(String host) {
        return domains.contains(host.toLowerCase(Locale.ROOT));
    }
}
