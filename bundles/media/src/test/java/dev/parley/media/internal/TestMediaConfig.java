package dev.parley.media.internal;

import java.lang.annotation.Annotation;

/** A {@link MediaConfig} for tests: loopback, a small port range, prompts from a given directory. */
record TestMediaConfig(int rtpPortMin, int rtpPortMax, int maxSessions, String codecList, String promptDirectories)
        implements MediaConfig {

    @Override
    public Class<? extends Annotation> annotationType() {
        return MediaConfig.class;
    }

    @Override
    public int rtp_port_min() {
        return rtpPortMin;
    }

    @Override
    public int rtp_port_max() {
        return rtpPortMax;
    }

    @Override
    public String bind_address() {
        return "127.0.0.1";
    }

    @Override
    public String advertised_address() {
        return "";
    }

    @Override
    public int max_sessions() {
        return maxSessions;
    }

    @Override
    public String codecs() {
        return codecList;
    }

    @Override
    public String prompt_directories() {
        return promptDirectories;
    }
}
