package dev.parley.accounts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DigestHashesTest {

    @Test
    void md5MatchesTheRfc2617Example() {
        assertEquals("939e7578ed9e3c518a452acee763bce9",
                DigestHashes.md5("Mufasa", "testrealm@host.com", "Circle Of Life"));
    }

    @Test
    void valuesMatchCoreutils() {
        // printf 'alice:example.org:correct horse' | md5sum / sha256sum
        assertEquals("61249fae4f54de6c481fcb1a75f10acf", DigestHashes.md5("alice", "example.org", "correct horse"));
        assertEquals("317b2aa0542c3c0eef7c5b974d69882c5ff43d5efc93a32ebd7032b58cb8a769",
                DigestHashes.sha256("alice", "example.org", "correct horse"));
    }
}
