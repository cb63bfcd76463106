package dev.parley.voicemail.internal;

import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailCounts;

/** The RFC 3842 {@code application/simple-message-summary} body of a mailbox. */
final class MessageSummaryDocument {

    static final String CONTENT_TYPE = "application/simple-message-summary";

    private MessageSummaryDocument() {
    }

    static String render(SipAddress account, VoicemailCounts counts) {
        return "Messages-Waiting: " + (counts.messagesWaiting() ? "yes" : "no") + "\r\n"
                + "Message-Account: " + account.uri() + "\r\n"
                + "Voice-Message: " + counts.newCount() + "/" + counts.oldCount()
                + " (" + counts.urgentNew() + "/" + counts.urgentOld() + ")\r\n";
    }
}
