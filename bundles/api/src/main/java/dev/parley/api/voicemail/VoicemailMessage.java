package dev.parley.api.voicemail;

import java.time.Duration;
import java.time.Instant;

import dev.parley.api.common.SipAddress;

/**
 * One recorded message in a mailbox. A message is listed only once its audio is complete.
 *
 * @param id identifier, unique within the owner's mailbox
 * @param owner whose mailbox holds it (the callee)
 * @param caller who left it
 * @param received when the recording started
 * @param duration the recording's length
 * @param urgent marked urgent (counted in {@code urgent-new}/{@code urgent-old})
 * @param heard listened to (an old message) or not (a new one)
 */
public record VoicemailMessage(String id, SipAddress owner, SipAddress caller, Instant received, Duration duration,
        boolean urgent, boolean heard) {

    /** The same message, heard or not. */
    public VoicemailMessage withHeard(boolean value) {
        return new VoicemailMessage(id, owner, caller, received, duration, urgent, value);
    }
}
