/**
 * The SIP-level SPI of Parley's one jain-sip stack: request handlers (a whiteboard selected by method and event
 * package), the stack's factories and sending, and digest authentication. The only exported package that carries
 * jain-sip types.
 */
@Export
@Version("1.1.0")
@NonNullByDefault
package dev.parley.sip.spi;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
