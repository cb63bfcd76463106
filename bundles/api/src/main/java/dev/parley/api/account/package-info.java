/** Accounts: addresses of record with their digest credentials. */
@Export
@Version("1.0.0")
@NonNullByDefault
package dev.parley.api.account;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
