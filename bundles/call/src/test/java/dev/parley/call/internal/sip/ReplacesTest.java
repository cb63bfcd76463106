package dev.parley.call.internal.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ReplacesTest {

    @Test
    void parsesAnEscapedHeaderValueKeepingPlusSigns() {
        assertEquals(new Replaces("a+b@host", "t1", "f2"),
                Replaces.parse("a+b%40host%3Bto-tag%3Dt1%3Bfrom-tag%3Df2"));
    }

    @Test
    void parsesAnUnescapedValueInAnyParameterOrder() {
        assertEquals(new Replaces("id", "t1", "f2"), Replaces.parse("id;from-tag=f2;to-tag=t1"));
    }

    @Test
    void withoutBothTagsItIsMalformed() {
        assertNull(Replaces.parse("id%3Bto-tag%3Dt1"));
        assertNull(Replaces.parse("%3Bto-tag%3Dt1%3Bfrom-tag%3Df2"));
    }
}
