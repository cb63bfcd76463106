package dev.parley.events.internal;

import java.util.List;

import dev.parley.api.common.SipAddress;
import dev.parley.events.internal.CallDialogs.UserDialog;

/**
 * The {@code application/dialog-info+xml} document of RFC 4235 section 4: always full state, one {@code dialog}
 * element per call of the user (the busy-lamp field of a phone lights while any is not terminated). The dialog id
 * is derived from Parley's call id; SIP Call-ID and tags of the user's own leg are not reported.
 */
final class DialogInfoDocument {

    static final String CONTENT_TYPE = "application/dialog-info+xml";
    static final String NAMESPACE = "urn:ietf:params:xml:ns:dialog-info";

    private DialogInfoDocument() {
    }

    static String render(SipAddress entity, List<UserDialog> dialogs, long version) {
        StringBuilder xml = new StringBuilder(256 + 200 * dialogs.size()).append(Xml.DECLARATION);
        xml.append("<dialog-info xmlns=\"").append(NAMESPACE).append("\" version=\"").append(version)
                .append("\" state=\"full\" entity=\"").append(Xml.escape(entity.uri())).append("\">\n");
        for (UserDialog dialog : dialogs) {
            xml.append("  <dialog id=\"").append(Xml.id(dialog.callId())).append("\" direction=\"")
                    .append(dialog.initiator() ? "initiator" : "recipient").append("\">\n");
            xml.append("    <state>").append(dialog.state()).append("</state>\n");
            xml.append("    <local><identity>").append(Xml.escape(entity.uri())).append("</identity></local>\n");
            xml.append("    <remote><identity>").append(Xml.escape(dialog.remote().uri()))
                    .append("</identity></remote>\n");
            xml.append("  </dialog>\n");
        }
        xml.append("</dialog-info>\n");
        return xml.toString();
    }
}
