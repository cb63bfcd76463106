package dev.parley.store;

import java.time.Instant;

import dev.parley.api.common.SipAddress;

/** An account row: the public fields plus the password digests (HA1, lower-case hex). */
public record StoredAccount(SipAddress address, String displayName, String ha1Md5, String ha1Sha256,
        boolean enabled, Instant created, Instant updated) {

    @Override
    public String toString() {
        return "StoredAccount[" + address + ", enabled=" + enabled + "]";
    }
}
