/**
 * Calls between users, connected by Parley as a back-to-back user agent: call control, call state events, call
 * history, and the diversion of calls a user cannot take (to voicemail, for instance).
 */
@Export
@Version("1.1.0")
@NonNullByDefault
package dev.parley.api.call;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
