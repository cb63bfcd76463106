package dev.parley.api.voicemail;

import java.time.Instant;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A mailbox's counts, as the message waiting indication (RFC 3842 {@code Voice-Message: new/old (urgent-new/
 * urgent-old)}) and the web SDKs show them. Urgent counts are part of the new and old counts.
 *
 * @param total every message
 * @param unheard messages not listened to yet (equal to {@code newCount})
 * @param newCount messages not heard, urgent ones included
 * @param oldCount messages heard, urgent ones included
 * @param urgentNew urgent messages not heard
 * @param urgentOld urgent messages heard
 * @param lastChecked when the owner last listed or retrieved the mailbox, null if never
 */
public record VoicemailCounts(int total, int unheard, int newCount, int oldCount, int urgentNew, int urgentOld,
        @Nullable Instant lastChecked) {

    /** Whether RFC 3842's {@code Messages-Waiting} is yes. */
    public boolean messagesWaiting() {
        return newCount > 0;
    }
}
