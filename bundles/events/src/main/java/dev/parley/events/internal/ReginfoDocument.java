package dev.parley.events.internal;

import java.time.Instant;
import java.util.List;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;

/**
 * The {@code application/reginfo+xml} document of RFC 3680 section 5.3: always full state, one registration (the
 * address of record) with its current contacts. Contacts that were removed are not listed (full state lists what
 * is; the removal shows as the contact's absence).
 */
final class ReginfoDocument {

    static final String CONTENT_TYPE = "application/reginfo+xml";
    static final String NAMESPACE = "urn:ietf:params:xml:ns:reginfo";

    private ReginfoDocument() {
    }

    /** The document for {@code aor} with its unexpired {@code bindings}, numbered {@code version}. */
    static String render(SipAddress aor, List<Binding> bindings, long version, Instant now) {
        StringBuilder xml = new StringBuilder(256 + 256 * bindings.size()).append(Xml.DECLARATION);
        xml.append("<reginfo xmlns=\"").append(NAMESPACE).append("\" version=\"").append(version)
                .append("\" state=\"full\">\n");
        xml.append("  <registration aor=\"").append(Xml.escape(aor.uri())).append("\" id=\"")
                .append(Xml.id(aor.uri())).append("\" state=\"").append(bindings.isEmpty() ? "init" : "active")
                .append("\">\n");
        for (Binding binding : bindings) {
            xml.append("    <contact id=\"").append(Xml.id(binding.contact())).append("\" state=\"active\"")
                    .append(" event=\"registered\" expires=\"").append(binding.expiresIn(now)).append("\" q=\"")
                    .append(binding.q())
                    .append("\" callid=\"").append(Xml.escape(binding.callId())).append("\" cseq=\"")
                    .append(binding.cseq()).append("\">\n");
            xml.append("      <uri>").append(Xml.escape(binding.contact())).append("</uri>\n");
            xml.append("    </contact>\n");
        }
        xml.append("  </registration>\n</reginfo>\n");
        return xml.toString();
    }
}
