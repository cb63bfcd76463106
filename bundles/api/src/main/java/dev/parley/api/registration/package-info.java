/** Registrations (RFC 3261 section 10): bindings of contacts to addresses of record, and the location service. */
@Export
@Version("1.0.0")
@NonNullByDefault
package dev.parley.api.registration;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
