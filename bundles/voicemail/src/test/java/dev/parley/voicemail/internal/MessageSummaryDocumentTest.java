package dev.parley.voicemail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailCounts;

class MessageSummaryDocumentTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");

    @Test
    void waitingWhenThereAreNewMessages() {
        assertEquals("Messages-Waiting: yes\r\nMessage-Account: sip:alice@example.org\r\nVoice-Message: 2/1 (1/0)\r\n",
                MessageSummaryDocument.render(ALICE, new VoicemailCounts(3, 2, 2, 1, 1, 0, null)));
    }

    @Test
    void notWaitingWithOnlyOldMessages() {
        assertEquals("Messages-Waiting: no\r\nMessage-Account: sip:alice@example.org\r\nVoice-Message: 0/1 (0/0)\r\n",
                MessageSummaryDocument.render(ALICE, new VoicemailCounts(1, 0, 0, 1, 0, 0, null)));
    }
}
