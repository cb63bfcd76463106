/** Value types and errors shared by every Parley service. */
@Export
@Version("1.0.0")
@NonNullByDefault
package dev.parley.api.common;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
