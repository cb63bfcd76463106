/**
 * Voicemail: mailboxes of recorded messages left for users who could not take a call, their counts (the message
 * waiting indication of RFC 3842), greetings and per-user settings.
 */
@Export
@Version("1.0.0")
@NonNullByDefault
package dev.parley.api.voicemail;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
