package dev.parley.media.internal;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The JVM-wide system properties that keep libjitsi headless. They must be set before anything touches libjitsi's
 * MediaService: without the PortAudio switch its native library fails to link and the JVM exits with code 127,
 * taking Karaf with it. The distribution sets them in etc/system.properties; the media engine refuses to start
 * without them rather than risk it.
 */
final class HeadlessSwitches {

    static final Map<String, String> REQUIRED = Map.of(
            "org.jitsi.impl.neomedia.device.PortAudioSystem.disabled", "true",
            "org.jitsi.impl.neomedia.device.PulseAudioSystem.disabled", "true",
            "org.jitsi.impl.neomedia.device.Video4Linux2System.disabled", "true",
            "java.awt.headless", "true");

    /** Kept off the user's home: libjitsi's configuration and JNA's unpacked natives. */
    static final List<String> UNDER_DATA = List.of("net.java.sip.communicator.SC_HOME_DIR_LOCATION", "jna.tmpdir");

    private HeadlessSwitches() {
    }

    /** The problems found, empty when libjitsi can be used safely. */
    static List<String> problems(UnaryOperator<String> properties) {
        String data = properties.apply("karaf.data");
        List<String> missing = REQUIRED.entrySet().stream()
                .filter(e -> !e.getValue().equals(properties.apply(e.getKey())))
                .map(e -> e.getKey() + "=" + e.getValue() + " is not set")
                .sorted()
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        if (data != null) {
            for (String key : UNDER_DATA) {
                String value = properties.apply(key);
                if (value == null || !value.startsWith(data)) {
                    missing.add(key + " does not point under " + data + " (is " + value + ")");
                }
            }
        }
        return missing;
    }
}
