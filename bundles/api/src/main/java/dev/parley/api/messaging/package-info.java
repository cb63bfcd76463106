/**
 * Instant messages between users (RFC 3428 MESSAGE): store-and-forward delivery with delivery state, conversation
 * history per pair of users, and events for new, delivered and failed messages.
 */
@Export
@Version("1.0.0")
@NonNullByDefault
package dev.parley.api.messaging;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
