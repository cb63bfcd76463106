package dev.parley.voicemail.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.DivertedCall;
import dev.parley.api.media.DtmfSource;
import dev.parley.api.media.MediaSession;
import dev.parley.api.voicemail.VoicemailMessage;

/**
 * One caller leaving a message: greeting and beep, then recording until the caller hangs up, presses {@code #} or
 * reaches the maximum length. The message is listed only after the media engine has finished its file (complete or
 * absent); a recording shorter than the minimum is dropped. Every transition runs on the component's executor, so
 * media and SIP threads only hand over.
 */
final class Deposit extends MediaCall {
    private static final Logger LOG = LoggerFactory.getLogger(Deposit.class);

    enum Phase { GREETING, RECORDING, DONE }

    /** What a deposit needs from its surroundings. */
    interface Outcome extends MediaCall.Calls {
        void keep(VoicemailMessage message);

        void drop(VoicemailMessage message);
    }

    record Limits(Duration minimum, Duration maximum) {
    }

    private final DivertedCall call;
    private final String id;
    private final Path file;
    private final Limits limits;
    private final Outcome outcome;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private Phase phase = Phase.GREETING;
    private @Nullable Instant recordingStarted;
    private @Nullable ScheduledFuture<?> maximum;

    Deposit(DivertedCall call, String id, MediaSession media, Path file, Limits limits, Outcome outcome,
            ScheduledExecutorService executor, Clock clock) {
        super(media, executor);
        this.call = call;
        this.id = id;
        this.file = file;
        this.limits = limits;
        this.outcome = outcome;
        this.executor = executor;
        this.clock = clock;
    }

    /** Plays the greeting (then the beep) into the call. */
    void start(List<Path> greeting) {
        media.addDtmfListener(this);
        media.play(greeting, this);
    }

    synchronized Phase phase() {
        return phase;
    }

    @Override
    public void digit(MediaSession session, char digit, DtmfSource source) {
        if (digit == '#') {
            run(this::pound);
        }
    }

    @Override
    public void finished(MediaSession session, boolean completed) {
        run(this::startRecording);
    }

    @Override
    public void ended() {
        run(() -> {
            finish();
            media.close();
            outcome.closed(this);
        });
    }

    /** The recording so far is kept if long enough. */
    @Override
    void stop() {
        if (finish()) {
            outcome.hangUp(call.callId());
        }
    }

    private synchronized void pound() {
        if (phase == Phase.GREETING) {
            media.stopPlaying(); // the playback listener then starts the recording
        } else if (finish()) {
            outcome.hangUp(call.callId());
        }
    }

    private synchronized void startRecording() {
        if (phase != Phase.GREETING) {
            return;
        }
        phase = Phase.RECORDING;
        recordingStarted = clock.instant();
        media.record(file);
        maximum = executor.schedule(() -> {
            if (finish()) {
                outcome.hangUp(call.callId());
            }
        }, limits.maximum().toMillis(), TimeUnit.MILLISECONDS);
        LOG.debug("Call {}: recording message {} for {}", call.callId(), id, call.callee());
    }

    /** Finishes the recording, if one runs; true when this call ended it. */
    private synchronized boolean finish() {
        Phase was = phase;
        phase = Phase.DONE;
        if (was == Phase.DONE) {
            return false;
        }
        ScheduledFuture<?> timer = maximum;
        if (timer != null) {
            timer.cancel(false);
        }
        Instant started = recordingStarted;
        if (was == Phase.RECORDING && started != null) {
            Duration length = media.stopRecording();
            VoicemailMessage message = new VoicemailMessage(id, call.callee(), call.caller(), started, length, false,
                    false);
            if (length.compareTo(limits.minimum()) < 0) {
                LOG.debug("Call {}: message {} of {} ms dropped (too short)", call.callId(), id, length.toMillis());
                outcome.drop(message);
            } else {
                outcome.keep(message);
            }
        }
        return true;
    }
}
