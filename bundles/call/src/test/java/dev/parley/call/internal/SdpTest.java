package dev.parley.call.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.parley.call.internal.Sdp.Direction;

class SdpTest {

    private static final String OFFER = "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.1\r\ns=-\r\n"
            + "c=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    @Test
    void anOfferWithoutDirectionIsSendrecv() {
        assertEquals(Direction.SENDRECV, Sdp.direction(OFFER));
    }

    @Test
    void theMediaLevelAttributeWinsOverTheSessionLevel() {
        String sdp = OFFER.replace("t=0 0\r\n", "t=0 0\r\na=sendrecv\r\n") + "a=sendonly\r\n";

        assertEquals(Direction.SENDONLY, Sdp.direction(sdp));
    }

    @Test
    void theSessionLevelAttributeAppliesToStreamsWithoutOne() {
        assertEquals(Direction.INACTIVE, Sdp.direction(OFFER.replace("t=0 0\r\n", "t=0 0\r\na=inactive\r\n")));
    }

    @Test
    void onlyTheFirstStreamDecides() {
        String sdp = OFFER + "a=recvonly\r\nm=video 51372 RTP/AVP 31\r\na=inactive\r\n";

        assertEquals(Direction.RECVONLY, Sdp.direction(sdp));
    }

    @Test
    void theRfc2543NullAddressIsAHold() {
        assertEquals(Direction.SENDONLY, Sdp.direction(OFFER.replace("c=IN IP4 192.0.2.1", "c=IN IP4 0.0.0.0")));
    }

    @Test
    void sendonlyAndInactiveHoldTheOtherParty() {
        assertTrue(Direction.SENDONLY.holds());
        assertTrue(Direction.INACTIVE.holds());
        assertFalse(Direction.SENDRECV.holds());
        assertFalse(Direction.RECVONLY.holds());
    }

    @Test
    void withDirectionAddsTheAttributeBeforeTheMediaAndRaisesTheVersion() {
        String held = Sdp.withDirection(OFFER, Direction.SENDONLY);

        assertEquals("v=0\r\no=alice 2890844526 2890844527 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
                + "t=0 0\r\na=sendonly\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n", held);
        assertEquals(Direction.SENDONLY, Sdp.direction(held));
    }

    @Test
    void withDirectionReplacesEveryExistingAttribute() {
        String sdp = OFFER.replace("t=0 0\r\n", "t=0 0\r\na=sendonly\r\n") + "a=sendonly\r\n";

        String resumed = Sdp.withDirection(sdp, Direction.SENDRECV);

        assertFalse(resumed.contains("sendonly"));
        assertEquals(2, resumed.split("a=sendrecv", -1).length - 1);
        assertEquals(Direction.SENDRECV, Sdp.direction(resumed));
    }
}
