package dev.parley.media.internal.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

class SdpNegotiatorTest {

    private final SdpNegotiator negotiator = new SdpNegotiator(EnumSet.of(Codec.PCMU, Codec.PCMA, Codec.OPUS));

    private static String offer(String mediaLines) {
        return "v=0\r\no=alice 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" + mediaLines;
    }

    @Test
    void picksTheOfferersMostPreferredSupportedCodec() {
        Negotiation n = negotiator.negotiate(offer("m=audio 4000 RTP/AVP 18 8 0 101\r\n"
                + "a=rtpmap:18 G729/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n"));
        assertEquals(Codec.PCMA, n.codec());
        assertEquals(8, n.payloadType());
        assertEquals(101, n.dtmfPayloadType());
        assertEquals("192.0.2.10", n.remoteAddress());
        assertEquals(4000, n.remotePort());
        assertEquals(Direction.SENDRECV, n.direction());
    }

    @Test
    void staticPayloadTypesNeedNoRtpmap() {
        Negotiation n = negotiator.negotiate(offer("m=audio 4000 RTP/AVP 0\r\n"));
        assertEquals(Codec.PCMU, n.codec());
        assertEquals(-1, n.dtmfPayloadType());
    }

    @Test
    void opusKeepsTheOfferersDynamicPayloadTypeAndItsTelephoneEvent() {
        Negotiation n = negotiator.negotiate(offer("m=audio 4000 RTP/AVP 111 0 110 101\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=rtpmap:110 telephone-event/48000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"));
        assertEquals(Codec.OPUS, n.codec());
        assertEquals(111, n.payloadType());
        assertEquals(110, n.dtmfPayloadType(), "telephone-event at the codec's clock");
        String answer = SdpAnswerWriter.answer(n, "198.51.100.1", 20000, 7);
        assertTrue(answer.contains("m=audio 20000 RTP/AVP 111 110\r\n"), answer);
        assertTrue(answer.contains("a=rtpmap:111 opus/48000/2\r\n"), answer);
        assertTrue(answer.contains("a=rtpmap:110 telephone-event/48000\r\n"), answer);
    }

    @Test
    void g722IsAnsweredWhenTheOffererPrefersIt() {
        SdpNegotiator withG722 = new SdpNegotiator(EnumSet.allOf(Codec.class));
        Negotiation n = withG722.negotiate(offer("m=audio 4000 RTP/AVP 9 0 8 101\r\n"
                + "a=rtpmap:9 G722/8000\r\na=rtpmap:101 telephone-event/8000\r\n"));
        assertEquals(Codec.G722, n.codec());
        assertEquals(9, n.payloadType());
        assertEquals(101, n.dtmfPayloadType(), "telephone-event at 8000, G.722's RTP clock");
        String answer = SdpAnswerWriter.answer(n, "198.51.100.1", 20000, 7);
        assertTrue(answer.contains("m=audio 20000 RTP/AVP 9 101\r\n"), answer);
        assertTrue(answer.contains("a=rtpmap:9 G722/8000\r\n"), answer);

        assertEquals(Codec.G722, withG722.negotiate(offer("m=audio 4000 RTP/AVP 9 0\r\n")).codec(), "static type");
        assertEquals(Codec.PCMU, withG722.negotiate(offer("m=audio 4000 RTP/AVP 0 9\r\n")).codec(), "not first");
    }

    @Test
    void noCommonCodecIs488() {
        ParleyException e = assertThrows(ParleyException.class, () -> negotiator
                .negotiate(offer("m=audio 4000 RTP/AVP 18 9\r\na=rtpmap:18 G729/8000\r\na=rtpmap:9 G722/8000\r\n")));
        assertEquals(ParleyError.NOT_ACCEPTABLE_HERE, e.error());
        assertEquals(488, e.error().sipStatus());
    }

    @Test
    void srtpAndWebRtcProfilesAre488() {
        assertEquals(ParleyError.NOT_ACCEPTABLE_HERE, assertThrows(ParleyException.class,
                () -> negotiator.negotiate(offer("m=audio 4000 RTP/SAVP 0\r\n"))).error());
        assertEquals(ParleyError.NOT_ACCEPTABLE_HERE, assertThrows(ParleyException.class,
                () -> negotiator.negotiate(offer("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n")))
                .error());
    }

    @Test
    void videoOnlyOrRejectedAudioIs488() {
        assertEquals(ParleyError.NOT_ACCEPTABLE_HERE, assertThrows(ParleyException.class,
                () -> negotiator.negotiate(offer("m=video 5000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n"))).error());
        assertEquals(ParleyError.NOT_ACCEPTABLE_HERE, assertThrows(ParleyException.class,
                () -> negotiator.negotiate(offer("m=audio 0 RTP/AVP 0\r\n"))).error());
    }

    @Test
    void otherStreamsAreDeclinedWithPortZeroInOrder() {
        Negotiation n = negotiator.negotiate(offer("m=video 5000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n"
                + "m=audio 4000 RTP/AVP 0\r\nc=IN IP4 203.0.113.5\r\n"));
        assertEquals(1, n.audioIndex());
        assertEquals("203.0.113.5", n.remoteAddress(), "media-level c= wins");
        String answer = SdpAnswerWriter.answer(n, "198.51.100.1", 20002, 9);
        int video = answer.indexOf("m=video 0 RTP/AVP 96\r\n");
        int audio = answer.indexOf("m=audio 20002 RTP/AVP 0\r\n");
        assertTrue(video > 0 && audio > video, answer);
        assertTrue(answer.contains("c=IN IP4 198.51.100.1\r\n"), answer);
        assertTrue(answer.contains("o=parley 9 9 IN IP4 198.51.100.1\r\n"), answer);
    }

    @Test
    void directionIsMirrored() {
        assertEquals(Direction.RECVONLY,
                negotiator.negotiate(offer("m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n")).direction());
        assertEquals(Direction.SENDONLY, negotiator.negotiate(offer("a=recvonly\r\nm=audio 4000 RTP/AVP 0\r\n"))
                .direction(), "session-level attribute applies to the media");
        Negotiation inactive = negotiator.negotiate(offer("m=audio 4000 RTP/AVP 0\r\na=inactive\r\n"));
        assertTrue(SdpAnswerWriter.answer(inactive, "198.51.100.1", 20000, 1).contains("a=inactive\r\n"));
    }

    @Test
    void holdAddressMeansNoTarget() {
        Negotiation n = negotiator.negotiate(offer("m=audio 4000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n"));
        assertNull(n.remoteAddress());
    }

    @Test
    void acceptsBareLineFeedsAndIpv6() {
        Negotiation n = negotiator.negotiate("v=0\no=- 1 1 IN IP6 ::1\ns=-\nc=IN IP6 2001:db8::1\nt=0 0\n"
                + "m=audio 4000 RTP/AVP 8\n");
        assertEquals("2001:db8::1", n.remoteAddress());
        assertTrue(SdpAnswerWriter.answer(n, "2001:db8::2", 20000, 1).contains("c=IN IP6 2001:db8::2\r\n"));
    }

    @Test
    void malformedOffersAre400() {
        for (String bad : new String[] { "", "hello", "v=0\r\nm=audio x RTP/AVP 0\r\n", "v=0\r\nm=audio 4000\r\n",
                "v=0\r\nc=IN\r\nm=audio 4000 RTP/AVP 0\r\n", "o=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\n" }) {
            ParleyException e = assertThrows(ParleyException.class, () -> negotiator.negotiate(bad), bad);
            assertEquals(ParleyError.INVALID_ARGUMENT, e.error(), bad);
        }
    }

    @Test
    void codecsCanBeRestricted() {
        SdpNegotiator pcmaOnly = new SdpNegotiator(EnumSet.of(Codec.PCMA));
        assertEquals(Codec.PCMA, pcmaOnly.negotiate(offer("m=audio 4000 RTP/AVP 0 8\r\n")).codec());
        assertThrows(ParleyException.class, () -> pcmaOnly.negotiate(offer("m=audio 4000 RTP/AVP 0\r\n")));
    }
}
