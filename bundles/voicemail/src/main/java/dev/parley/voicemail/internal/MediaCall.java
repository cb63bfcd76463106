package dev.parley.voicemail.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.parley.api.call.DivertedSession;
import dev.parley.api.media.DtmfListener;
import dev.parley.api.media.MediaSession;
import dev.parley.api.media.PlaybackListener;

/**
 * A diverted call answered with Parley's own media: digits sent as SIP INFO join the RTP ones, and media and SIP
 * threads only hand their events over to the component's executor.
 */
abstract class MediaCall implements DivertedSession, DtmfListener, PlaybackListener {

    /** What every media call needs from the component that answered it. */
    interface Calls {
        /** The call is over on Parley's side: end it. */
        void hangUp(String callId);

        /** The call is over on both sides: forget it. */
        void closed(MediaCall call);
    }

    protected final MediaSession media;
    private final Executor executor;

    MediaCall(MediaSession media, Executor executor) {
        this.media = media;
        this.executor = executor;
    }

    /** Ends the call now because the component stops: what it was doing is finished and the call hung up. */
    abstract void stop();

    @Override
    public final String sdpAnswer() {
        return media.sdpAnswer();
    }

    @Override
    public final void dtmfReceived(char digit) {
        media.injectDtmf(digit);
    }

    /** Runs {@code task} on the executor, or here if it is shut down (the component is stopping). */
    protected final void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }
}
