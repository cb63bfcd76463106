package dev.parley.media.internal.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/**
 * The parts of an SDP (RFC 4566) that audio offer/answer needs: the session-level connection address and
 * direction, and each media description. Lines Parley does not use are skipped, as RFC 4566 asks of unknown
 * attributes; a description without {@code v=} or with a malformed {@code m=} or {@code c=} is refused.
 */
public record SessionDescription(@Nullable String connectionAddress, Direction direction, List<Media> media) {

    /** One {@code m=} section. {@code formats} are the payload types in the offerer's order of preference. */
    public record Media(String type, int port, String protocol, List<Integer> formats, List<RtpMap> rtpmaps,
            @Nullable String connectionAddress, @Nullable Direction direction, int ptime) {

        /** The rtpmap of {@code payloadType}, if the offer gave one. */
        public @Nullable RtpMap rtpmap(int payloadType) {
            for (RtpMap map : rtpmaps) {
                if (map.payloadType() == payloadType) {
                    return map;
                }
            }
            return null;
        }
    }

    /** {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]}. */
    public record RtpMap(int payloadType, String encoding, int clockRate) {
    }

    public static SessionDescription parse(String sdp) {
        String[] lines = sdp.split("\r?\n");
        boolean versionSeen = false;
        String sessionConnection = null;
        Direction sessionDirection = Direction.SENDRECV;
        List<MediaBuilder> media = new ArrayList<>();
        MediaBuilder current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw invalid("malformed line: " + line);
            }
            String value = line.substring(2);
            switch (line.charAt(0)) {
            case 'v' -> versionSeen = "0".equals(value);
            case 'c' -> {
                String address = parseConnection(value);
                if (current == null) {
                    sessionConnection = address;
                } else {
                    current.connection = address;
                }
            }
            case 'm' -> {
                current = MediaBuilder.parse(value);
                media.add(current);
            }
            case 'a' -> {
                Direction direction = Direction.fromAttribute(value);
                if (direction != null) {
                    if (current == null) {
                        sessionDirection = direction;
                    } else {
                        current.direction = direction;
                    }
                } else if (current != null) {
                    current.attribute(value);
                }
            }
            default -> {
                // o=, s=, t=, b=, i=...: not needed for audio offer/answer
            }
            }
        }
        if (!versionSeen) {
            throw invalid("no v=0 line");
        }
        return new SessionDescription(sessionConnection, sessionDirection,
                media.stream().map(MediaBuilder::build).toList());
    }

    private static String parseConnection(String value) {
        String[] parts = value.split(" ");
        if (parts.length < 3 || !"IN".equals(parts[0]) || !("IP4".equals(parts[1]) || "IP6".equals(parts[1]))) {
            throw invalid("malformed c= line: " + value);
        }
        String address = parts[2];
        int slash = address.indexOf('/'); // multicast TTL
        return slash < 0 ? address : address.substring(0, slash);
    }

    static ParleyException invalid(String why) {
        return new ParleyException(ParleyError.INVALID_ARGUMENT, "Invalid SDP: " + why);
    }

    private static final class MediaBuilder {
        private final String type;
        private final int port;
        private final String protocol;
        private final List<Integer> formats;
        private final List<RtpMap> rtpmaps = new ArrayList<>();
        private @Nullable String connection;
        private @Nullable Direction direction;
        private int ptime;

        private MediaBuilder(String type, int port, String protocol, List<Integer> formats) {
            this.type = type;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
        }

        static MediaBuilder parse(String value) {
            String[] parts = value.split(" +");
            if (parts.length < 4) {
                throw invalid("malformed m= line: " + value);
            }
            String portField = parts[1];
            int slash = portField.indexOf('/'); // <port>/<number of ports>
            int port = parseInt(slash < 0 ? portField : portField.substring(0, slash), value);
            List<Integer> formats = new ArrayList<>();
            boolean rtp = parts[2].toUpperCase(Locale.ROOT).contains("RTP");
            for (int i = 3; i < parts.length; i++) {
                if (rtp) {
                    formats.add(parseInt(parts[i], value));
                }
            }
            if (port < 0 || port > 65535) {
                throw invalid("port out of range: " + value);
            }
            return new MediaBuilder(parts[0], port, parts[2], formats);
        }

        void attribute(String value) {
            if (value.startsWith("rtpmap:")) {
                String[] parts = value.substring("rtpmap:".length()).split(" +", 2);
                if (parts.length == 2) {
                    String[] encoding = parts[1].split("/");
                    if (encoding.length >= 2) {
                        rtpmaps.add(new RtpMap(parseInt(parts[0], value), encoding[0], parseInt(encoding[1], value)));
                    }
                }
            } else if (value.startsWith("ptime:")) {
                ptime = parseInt(value.substring("ptime:".length()).strip(), value);
            }
        }

        Media build() {
            return new Media(type, port, protocol, List.copyOf(formats), List.copyOf(rtpmaps), connection, direction,
                    ptime);
        }

        private static int parseInt(String text, String line) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw invalid("not a number in: " + line);
            }
        }
    }
}
