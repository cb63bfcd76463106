package dev.parley.media.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.media.Conference;
import dev.parley.api.media.MediaSession;
import dev.parley.media.internal.rtp.RtpEngine;

/**
 * Mixes its participants every 20 ms on the clock thread, before the sessions send: the sum of everybody minus
 * one's own voice goes to each. Inputs are halved before summing when more than two speak, so that two full-scale
 * voices do not clip each other into distortion.
 */
final class RtpConference implements Conference, RtpEngine.Ticker {

    private static final int FRAME_SAMPLES = 160;

    private final RtpEngine engine;
    private final CopyOnWriteArrayList<RtpMediaSession> participants = new CopyOnWriteArrayList<>();

    RtpConference(RtpEngine engine) {
        this.engine = engine;
        engine.addTicker(this, true);
    }

    @Override
    public void add(MediaSession session) {
        if (!(session instanceof RtpMediaSession rtpSession)) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "Not a session of this media engine");
        }
        rtpSession.joined(this);
        participants.addIfAbsent(rtpSession);
    }

    @Override
    public void remove(MediaSession session) {
        if (session instanceof RtpMediaSession rtpSession && participants.remove(rtpSession)) {
            rtpSession.left(this);
        }
    }

    @Override
    public int size() {
        return participants.size();
    }

    @Override
    public void tick() {
        List<RtpMediaSession> current = List.copyOf(participants);
        if (current.size() < 2) {
            return;
        }
        int shift = current.size() > 2 ? 1 : 0;
        short[][] inputs = new short[current.size()][FRAME_SAMPLES];
        int[] sum = new int[FRAME_SAMPLES];
        for (int p = 0; p < current.size(); p++) {
            current.get(p).readConferenceInput(inputs[p]);
            for (int i = 0; i < FRAME_SAMPLES; i++) {
                sum[i] += inputs[p][i] >> shift;
            }
        }
        for (int p = 0; p < current.size(); p++) {
            short[] mix = new short[FRAME_SAMPLES];
            for (int i = 0; i < FRAME_SAMPLES; i++) {
                int value = sum[i] - (inputs[p][i] >> shift);
                mix[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
            }
            current.get(p).offerConferenceFrame(mix);
        }
    }

    @Override
    public void close() {
        engine.removeTicker(this);
        for (RtpMediaSession session : participants) {
            remove(session);
        }
    }
}
