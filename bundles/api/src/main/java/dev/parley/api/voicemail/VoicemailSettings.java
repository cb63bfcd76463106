package dev.parley.api.voicemail;

import java.time.Duration;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A user's voicemail settings.
 *
 * @param enabled whether calls the user cannot take go to the mailbox
 * @param noAnswerTimeout how long the user wants a call to ring before it goes to the mailbox; null: the call
 *            service's no-answer timeout. Kept for the clients that show it; the call service diverts after its own
 *            global timeout (PID {@code dev.parley.call}), which this value does not change yet.
 */
public record VoicemailSettings(boolean enabled, @Nullable Duration noAnswerTimeout) {
}
