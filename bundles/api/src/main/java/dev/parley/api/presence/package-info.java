/**
 * Presence (RFC 3856, 3863, 3903): the composed status of users (basic open/closed, RPID activity, note), who may
 * watch whom, and subscriptions to other users' status on behalf of a user.
 */
@Export
@Version("1.0.0")
@NonNullByDefault
package dev.parley.api.presence;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
