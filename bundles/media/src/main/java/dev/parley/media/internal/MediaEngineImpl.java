package dev.parley.media.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.media.Conference;
import dev.parley.api.media.MediaEngine;
import dev.parley.api.media.MediaSession;
import dev.parley.api.media.MediaStats;
import dev.parley.media.internal.audio.AudioCodec;
import dev.parley.media.internal.audio.G711Codec;
import dev.parley.media.internal.audio.G711Law;
import dev.parley.media.internal.audio.G722Codec;
import dev.parley.media.internal.audio.OpusBinding;
import dev.parley.media.internal.audio.OpusCodec;
import dev.parley.media.internal.rtp.PortAllocator;
import dev.parley.media.internal.rtp.RtpEngine;
import dev.parley.media.internal.sdp.Codec;
import dev.parley.media.internal.sdp.Negotiation;
import dev.parley.media.internal.sdp.SdpAnswerWriter;
import dev.parley.media.internal.sdp.SdpNegotiator;

/**
 * The media engine: negotiates offers, binds RTP ports and runs every session on the shared {@link RtpEngine}.
 * Deactivation closes all sessions, which finishes their recordings as complete files.
 */
@Component(service = MediaEngine.class, configurationPid = MediaConfig.PID)
@Designate(ocd = MediaConfig.class)
public final class MediaEngineImpl implements MediaEngine {

    private static final Logger LOG = LoggerFactory.getLogger(MediaEngineImpl.class);
    private static final String LIBJITSI = "org.jitsi.libjitsi";

    /** What a configuration turns into; replaced as a whole on a change. */
    private record Settings(SdpNegotiator negotiator, PortAllocator ports, String advertisedAddress, int maxSessions,
            PromptLibrary prompts) {
    }

    private final RtpEngine engine;
    private final ConcurrentMap<String, RtpMediaSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong sessionCounter = new AtomicLong();
    private final @Nullable OpusBinding opus;
    private final UnaryOperator<String> properties;
    private volatile Settings settings;

    @Activate
    public MediaEngineImpl(MediaConfig config, BundleContext context) throws IOException {
        this(config, System::getProperty, () -> libjitsiClass(context, OpusBinding.CLASS_NAME));
    }

    /**
     * @param opusClass libjitsi's opus binding class, looked up only once the headless switches are checked
     */
    MediaEngineImpl(MediaConfig config, UnaryOperator<String> properties, Callable<Class<?>> opusClass)
            throws IOException {
        List<String> problems = HeadlessSwitches.problems(properties);
        if (!problems.isEmpty()) {
            LOG.error("Parley media refuses to start, libjitsi would not be headless (set these in "
                    + "etc/system.properties and restart): {}", problems);
            throw new IllegalStateException("libjitsi is not configured headless: " + problems);
        }
        this.properties = properties;
        this.opus = opusBinding(opusClass);
        this.settings = settings(config);
        this.engine = new RtpEngine();
        LOG.info("Parley media started: RTP {}-{}, answers with {}, codecs {}", config.rtp_port_min(),
                config.rtp_port_max(), settings.advertisedAddress(), codecs(config));
    }

    private static @Nullable OpusBinding opusBinding(Callable<Class<?>> opusClass) {
        try {
            return new OpusBinding(opusClass.call());
        } catch (Throwable e) { // ClassNotFound, UnsatisfiedLinkError...: opus is simply not offered
            LOG.warn("libjitsi's opus binding does not load here, opus is not offered: {}", e.toString());
            return null;
        }
    }

    /** A class of libjitsi's, loaded through libjitsi's class loader: the package is not exported. */
    private static Class<?> libjitsiClass(BundleContext context, String name) throws ClassNotFoundException {
        for (Bundle bundle : context.getBundles()) {
            if (LIBJITSI.equals(bundle.getSymbolicName())) {
                return bundle.loadClass(name);
            }
        }
        throw new ClassNotFoundException(name + ": bundle " + LIBJITSI + " is not installed");
    }

    @Modified
    void modified(MediaConfig config) {
        settings = settings(config);
        LOG.info("Parley media reconfigured: RTP {}-{}, answers with {}", config.rtp_port_min(), config.rtp_port_max(),
                settings.advertisedAddress());
    }

    @Deactivate
    void deactivate() {
        List.copyOf(sessions.values()).forEach(RtpMediaSession::close);
        engine.close();
        LOG.info("Parley media stopped");
    }

    private Settings settings(MediaConfig config) {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(config.bind_address().strip());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind.address is not an IP address: " + config.bind_address(), e);
        }
        PortAllocator ports = new PortAllocator(bind, config.rtp_port_min(), config.rtp_port_max());
        String advertised = AdvertisedAddress.resolve(config.advertised_address(), config.bind_address());
        return new Settings(new SdpNegotiator(codecs(config)), ports, advertised, config.max_sessions(),
                new PromptLibrary(promptDirectories(config)));
    }

    private Set<Codec> codecs(MediaConfig config) {
        Set<Codec> codecs = EnumSet.noneOf(Codec.class);
        for (String name : config.codecs().split(",")) {
            String wanted = name.strip().toUpperCase(Locale.ROOT);
            Arrays.stream(Codec.values()).filter(c -> c.name().equals(wanted)).findFirst().ifPresentOrElse(codecs::add,
                    () -> LOG.warn("Unknown codec {} in {}.codecs", name, MediaConfig.PID));
        }
        if (opus == null) {
            codecs.remove(Codec.OPUS);
        }
        return codecs;
    }

    private List<Path> promptDirectories(MediaConfig config) {
        if (!config.prompt_directories().isBlank()) {
            return Arrays.stream(config.prompt_directories().split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).map(Path::of).toList();
        }
        String home = properties.apply("karaf.home");
        String etc = properties.apply("karaf.etc");
        String data = properties.apply("karaf.data");
        String base = home == null ? "." : home;
        return PromptLibrary.defaultDirectories(etc == null ? base + "/etc" : etc, data == null ? base + "/data" : data,
                base);
    }

    @Override
    public MediaSession open(String sdpOffer) {
        Settings current = settings;
        if (sessions.size() >= current.maxSessions()) {
            throw new ParleyException(ParleyError.LIMIT_EXCEEDED,
                    "All " + current.maxSessions() + " media sessions are in use");
        }
        Negotiation negotiation = current.negotiator().negotiate(sdpOffer);
        PortAllocator.PortPair ports = current.ports().allocate();
        String id = "m" + sessionCounter.incrementAndGet();
        long sdpSessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        String answer = SdpAnswerWriter.answer(negotiation, current.advertisedAddress(), ports.port(), sdpSessionId);
        RtpMediaSession session;
        try {
            session = new RtpMediaSession(id, negotiation, answer, ports, engine, audioCodec(negotiation.codec(), opus),
                    current.prompts()::samples, closed -> sessions.remove(closed.id()));
        } catch (RuntimeException e) {
            ports.close();
            throw e;
        }
        sessions.put(id, session);
        session.start();
        LOG.debug("Session {} opened: {} on port {}, remote {}:{}", id, negotiation.codec().rtpmap(), ports.port(),
                negotiation.remoteAddress(), negotiation.remotePort());
        return session;
    }

    private static AudioCodec audioCodec(Codec codec, @Nullable OpusBinding opus) {
        return switch (codec) {
        case PCMU -> new G711Codec(G711Law.ULAW);
        case PCMA -> new G711Codec(G711Law.ALAW);
        case OPUS -> new OpusCodec(java.util.Objects.requireNonNull(opus, "opus negotiated without its binding"));
        case G722 -> new G722Codec();
        };
    }

    @Override
    public Conference createConference() {
        return new RtpConference(engine);
    }

    @Override
    public Path prompt(String name) {
        return settings.prompts().find(name);
    }

    @Override
    public List<MediaStats> sessions() {
        return sessions.values().stream().map(RtpMediaSession::stats)
                .sorted(Comparator.comparing(MediaStats::opened)).toList();
    }
}
