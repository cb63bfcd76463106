package dev.parley.api.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class SipAddressTest {
    /** The grammar as regular expressions (what the hand-written checks replaced), as the reference to agree with. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9\\-_.!~*'()&=+$,;?/%]{1,64}");
    private static final Pattern DOMAIN = Pattern
            .compile("(?=.{1,253}$)[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?)*");

    @Test
    void validAddressesAreKeptWithTheDomainInLowerCase() {
        SipAddress address = new SipAddress("Alice.B+tag", "Example.ORG");
        assertEquals("Alice.B+tag", address.user());
        assertEquals("example.org", address.domain());
        assertEquals("sip:Alice.B+tag@example.org", address.uri());
        assertEquals(new SipAddress("bob", "192.0.2.10"), SipAddress.parse("sips:bob@192.0.2.10"));
        assertEquals(new SipAddress("carol", "parley.test"), SipAddress.parse("carol", "parley.test"));
    }

    @Test
    void invalidPartsAreRefusedAsInvalidAddresses() {
        for (String[] parts : List.of(new String[] { "", "example.org" }, new String[] { "a b", "example.org" },
                new String[] { "x".repeat(65), "example.org" }, new String[] { "bob", "-example.org" },
                new String[] { "bob", "example-.org" }, new String[] { "bob", "example..org" },
                new String[] { "bob", "example.org." }, new String[] { "bob", "exa_mple.org" },
                new String[] { "bob", "a".repeat(64) + ".org" }, new String[] { "bob", "" },
                new String[] { "bob", "[2001:db8::1]" }, new String[] { "bøb", "example.org" })) {
            ParleyException refused = assertThrows(ParleyException.class, () -> new SipAddress(parts[0], parts[1]),
                    parts[0] + "@" + parts[1]);
            assertEquals(ParleyError.INVALID_ADDRESS, refused.error());
        }
        assertThrows(ParleyException.class, () -> new SipAddress(null, "example.org"));
        assertThrows(ParleyException.class, () -> new SipAddress("bob", null));
    }

    @Test
    void theChecksAgreeWithTheGrammarOnRandomInput() {
        Random random = new Random(42);
        String alphabet = "abcAZ09-_.!~*'()&=+$,;?/% @:[]é";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(random.nextInt(10) == 0 ? 300 : 12);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            assertEquals(USER.matcher(candidate).matches(), accepts(candidate, "example.org"), "user " + candidate);
            String lower = candidate.toLowerCase(java.util.Locale.ROOT);
            assertEquals(DOMAIN.matcher(lower).matches(), accepts("bob", candidate), "domain " + candidate);
        }
    }

    private static boolean accepts(String user, String domain) {
        try {
            new SipAddress(user, domain);
            return true;
        } catch (ParleyException e) {
            return false;
        }
    }
}
