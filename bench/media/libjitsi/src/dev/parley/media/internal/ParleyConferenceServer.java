package dev.parley.media.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.parley.api.media.Conference;
import dev.parley.api.media.MediaSession;
import spike.Meter;

/**
 * The same n three-party conferences as {@code LibjitsiSpike conference}, on Parley's own engine
 * ({@link MediaEngineImpl#createConference()}): usage {@code <n> <dir> <firstPort>}; Parley's RTP ports come from
 * firstPort..firstPort+499, the peers' are firstPort+500, +502, ... (named in each offer).
 */
public final class ParleyConferenceServer {
    private ParleyConferenceServer() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        int first = Integer.parseInt(args[2]);
        Map<String, Object> overrides = Map.of("bind_address", "127.0.0.1", "rtp_port_min", first,
                "rtp_port_max", first + 499, "max_sessions", 3 * n + 1, "codecs", "PCMU");
        MediaConfig config = (MediaConfig) Proxy.newProxyInstance(MediaConfig.class.getClassLoader(),
                new Class<?>[] { MediaConfig.class }, (proxy, method, a) -> overrides.containsKey(method.getName())
                        ? overrides.get(method.getName()) : method.getDefaultValue());
        MediaEngineImpl engine = new MediaEngineImpl(config, System::getProperty, () -> {
            throw new ClassNotFoundException("opus is not measured");
        });
        Meter.threads("engine started, no session");
        List<MediaSession> sessions = new ArrayList<>();
        List<Conference> conferences = new ArrayList<>();
        StringBuilder ports = new StringBuilder();
        for (int c = 0; c < n; c++) {
            Conference conference = engine.createConference();
            for (int part = 0; part < 3; part++) {
                int peerPort = first + 500 + 2 * sessions.size();
                MediaSession session = engine.open("v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
                        + "t=0 0\r\nm=audio " + peerPort + " RTP/AVP 0\r\n");
                conference.add(session);
                ports.append(session.stats().localPort()).append(' ').append(peerPort).append(' ').append(c).append(' ')
                        .append(part).append('\n');
                sessions.add(session);
            }
            conferences.add(conference);
        }
        Files.writeString(dir.resolve("ports.tmp"), ports);
        Files.move(dir.resolve("ports.tmp"), dir.resolve("ports"));
        Meter.measure(dir, "parley " + n + " conference(s) of 3");
        conferences.forEach(Conference::close);
        sessions.forEach(MediaSession::close);
        engine.deactivate();
    }
}
