/**
 * Media anchored on Parley itself: an RTP audio session opened from a caller's SDP offer, which plays prompts,
 * records to WAV files, reports DTMF and can be joined with other sessions in a conference. Used by voicemail and
 * by the call service for three-party joins; no RTP or codec library type appears here.
 */
@Export
@Version("1.0.0")
@NonNullByDefault
package dev.parley.api.media;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
