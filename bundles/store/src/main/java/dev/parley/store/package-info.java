/**
 * The store SPI: how Parley services persist their state. Parley's own internal contract (not for integrators):
 * the embedded H2 implementation in this bundle provides it, and a shared SQL database can provide it for several
 * nodes. Every write is durable (committed) when the method returns.
 */
@Export
@Version("1.1.0")
@NonNullByDefault
package dev.parley.store;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
