/**
 * SIP-specific event notification (RFC 6665): the event packages Parley serves ({@link EventPackage}, a whiteboard
 * third parties can add to), the subscriptions watchers hold on them, and subscriptions Parley makes on behalf of
 * users ({@link SipEventService}).
 */
@Export
@Version("1.1.0")
@NonNullByDefault
package dev.parley.api.event;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
