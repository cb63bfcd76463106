package dev.parley.presence.internal;

import java.util.List;
import java.util.Locale;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.SubscriptionState;
import dev.parley.presence.internal.pidf.PidfWriter;

/**
 * The {@code application/watcherinfo+xml} document of RFC 3858: always full state, one watcher list (the watched
 * user's presence) with each watcher's status and the event that brought it there.
 */
final class WatcherInfoDocument {

    static final String CONTENT_TYPE = "application/watcherinfo+xml";
    static final String NAMESPACE = "urn:ietf:params:xml:ns:watcherinfo";

    /**
     * One watcher of the list.
     *
     * @param id the subscription's identifier
     * @param event what brought the watcher to its status (RFC 3858: subscribe, approved, deactivated, probation,
     *            rejected, timeout, giveup, noresource)
     */
    record Watcher(String id, SipAddress watcher, SubscriptionState status, String event) {
    }

    private WatcherInfoDocument() {
    }

    /** The document for the watchers of {@code resource}'s {@code eventPackage}, numbered {@code version}. */
    static String render(SipAddress resource, String eventPackage, List<Watcher> watchers, long version) {
        StringBuilder xml = new StringBuilder(256 + 128 * watchers.size())
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<watcherinfo xmlns=\"").append(NAMESPACE).append("\" version=\"").append(version)
                .append("\" state=\"full\">\n");
        xml.append("  <watcher-list resource=\"").append(PidfWriter.escape(resource.uri())).append("\" package=\"")
                .append(PidfWriter.escape(eventPackage)).append("\">\n");
        for (Watcher watcher : watchers) {
            xml.append("    <watcher id=\"").append(PidfWriter.escape(watcher.id())).append("\" event=\"")
                    .append(PidfWriter.escape(watcher.event())).append("\" status=\"")
                    .append(watcher.status().name().toLowerCase(Locale.ROOT)).append("\">")
                    .append(PidfWriter.escape(watcher.watcher().uri())).append("</watcher>\n");
        }
        xml.append("  </watcher-list>\n</watcherinfo>\n");
        return xml.toString();
    }
}
