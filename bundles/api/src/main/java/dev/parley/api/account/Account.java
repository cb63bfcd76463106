package dev.parley.api.account;

import java.time.Instant;

import dev.parley.api.common.SipAddress;

/**
 * A user of a Parley domain. The digest user name is the user part of the address; the realm is its domain.
 * The password is never kept: only its digests ({@link DigestCredentials}).
 */
public record Account(SipAddress address, String displayName, boolean enabled, Instant created, Instant updated) {
}
