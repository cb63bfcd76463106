package dev.parley.api.voicemail;

import java.time.Duration;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A user's voicemail settings.
 *
 * @param enabled whether calls the user cannot take go to the mailbox
 * @param noAnswerTimeout how long the user wants a call to ring before it goes to the mailbox; null: the call
 *            service's no-answer timeout (PID {@code dev.parley.call}). While voicemail is enabled the call service
 *            asks for it through {@code CallDiversion.noAnswerTimeout} and lets the user's calls ring that long.
 */
public record VoicemailSettings(boolean enabled, @Nullable Duration noAnswerTimeout) {
}
