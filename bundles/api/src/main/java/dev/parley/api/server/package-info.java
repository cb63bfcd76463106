/** What the SIP server itself is serving: domains, listening points, counters. */
@Export
@Version("1.0.0")
@NonNullByDefault
package dev.parley.api.server;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
