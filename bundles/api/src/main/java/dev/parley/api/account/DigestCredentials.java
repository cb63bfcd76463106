package dev.parley.api.account;

import dev.parley.api.common.SipAddress;

/**
 * What digest authentication (RFC 7616 / RFC 8760 for SIP) needs to check a response: H(user:realm:password) in
 * each supported algorithm, lower-case hex. Password-equivalent: never log it, never send it.
 */
public record DigestCredentials(SipAddress address, String realm, String ha1Md5, String ha1Sha256, boolean enabled) {

    @Override
    public String toString() {
        return "DigestCredentials[" + address + ", realm=" + realm + ", enabled=" + enabled + "]";
    }
}
