package dev.parley.itests.media;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;

import org.junit.Test;
import org.osgi.framework.Bundle;

import dev.parley.itests.support.ParleyKarafTestSupport;

/**
 * parley-media: libjitsi resolves and starts on Java 17 without sound card or display, hands out its MediaService
 * without taking the JVM down (PortAudio disabled in etc/system.properties) and starts a PCMU stream on loopback.
 */
public class MediaFeatureIT extends ParleyKarafTestSupport {

    private static final String LIBJITSI = "org.jitsi.libjitsi";

    @Test
    public void libjitsiStartsHeadlessAndStartsAPcmuStream() throws Exception {
        assertEquals("headless switch from etc/system.properties", "true",
                System.getProperty("org.jitsi.impl.neomedia.device.PortAudioSystem.disabled"));
        installFeature("parley-media");

        Bundle libjitsi = bundle(LIBJITSI);
        assertEquals("libjitsi state", Bundle.ACTIVE, libjitsi.getState());
        Bundle fmj = bundle("org.jitsi.fmj");
        assertEquals("fmj is a fragment, attached (RESOLVED)", Bundle.RESOLVED, fmj.getState());

        // through libjitsi's own class space first: the lookup that kills the JVM when PortAudio is not disabled
        Method getMediaService = libjitsi.loadClass("org.jitsi.service.libjitsi.LibJitsi").getMethod("getMediaService");
        assertNotNull("LibJitsi.getMediaService()", getMediaService.invoke(null));

        try (PcmuLoopbackStream stream = new PcmuLoopbackStream()) {
            assertTrue("PCMU stream started", stream.isStarted());
        }
        // the container survived all of it
        assertEquals(Bundle.ACTIVE, bundle("dev.parley.sip").getState());
    }
}
