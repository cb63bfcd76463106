package dev.parley.voicemail.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Hands a task from a media or SIP thread to the component's executor. */
final class Tasks {

    private Tasks() {
    }

    /** Runs {@code task} on {@code executor}, or here if the executor is shut down (the component is stopping). */
    static void run(Executor executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }
}
