package dev.parley.voicemail.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.SipAddress;
import dev.parley.api.media.DtmfSource;
import dev.parley.api.media.MediaSession;
import dev.parley.api.voicemail.VoicemailCounts;
import dev.parley.api.voicemail.VoicemailMessage;

/**
 * The owner's call to the voicemail access number: the counts are announced, then digits drive the menu — {@code 1}
 * listen to the current message (newest first; heard once played to its end), {@code #} next message, {@code 7}
 * delete it, {@code 9} save it (mark heard), {@code 5} record a new greeting (ended with {@code #}). Transitions
 * run on the component's executor. Stopping the component hangs the call up; an unfinished greeting is discarded.
 */
final class RetrievalMenu extends MediaCall {
    private static final Logger LOG = LoggerFactory.getLogger(RetrievalMenu.class);

    enum State { MENU, LISTENING, RECORDING_GREETING, DONE }

    private final String callId;
    private final SipAddress owner;
    private final Calls calls;
    private final VoicemailServiceImpl voicemail;
    private final Function<String, List<Path>> prompt;
    private final List<VoicemailMessage> messages;
    private State state = State.MENU;
    private int current;
    private boolean greetingStarted;

    RetrievalMenu(String callId, SipAddress owner, MediaSession media, VoicemailServiceImpl voicemail,
            Function<String, List<Path>> prompt, Executor executor, Calls calls) {
        super(media, executor);
        this.callId = callId;
        this.owner = owner;
        this.calls = calls;
        this.voicemail = voicemail;
        this.prompt = prompt;
        this.messages = new ArrayList<>(voicemail.messages(owner));
    }

    /** Announces the counts and the menu. */
    void start() {
        media.addDtmfListener(this);
        VoicemailCounts counts = voicemail.counts(owner);
        List<Path> intro = new ArrayList<>();
        if (counts.total() == 0) {
            intro.addAll(prompt.apply("vm-no-messages"));
        } else {
            intro.addAll(prompt.apply("vm-you-have"));
            intro.addAll(count(counts.newCount(), "vm-new-message"));
            intro.addAll(count(counts.oldCount(), "vm-old-message"));
        }
        intro.addAll(prompt.apply("vm-main-menu"));
        media.play(intro, this);
    }

    private List<Path> count(int count, String noun) {
        List<Path> files = new ArrayList<>();
        String.valueOf(count).chars().forEach(digit -> files.addAll(prompt.apply("digit-" + (char) digit)));
        files.addAll(prompt.apply(count == 1 ? noun : noun + "s"));
        return files;
    }

    synchronized State state() {
        return state;
    }

    synchronized int remaining() {
        return messages.size() - current;
    }

    @Override
    public void digit(MediaSession session, char digit, DtmfSource source) {
        run(() -> pressed(digit));
    }

    @Override
    public void finished(MediaSession session, boolean completed) {
        run(() -> played(completed));
    }

    @Override
    public void ended() {
        run(() -> {
            finish();
            media.close();
            calls.closed(this);
        });
    }

    @Override
    void stop() {
        if (finish()) {
            calls.hangUp(callId);
        }
    }

    /** Ends the menu, discarding a greeting being recorded; true when this call ended it. */
    private synchronized boolean finish() {
        if (state == State.DONE) {
            return false;
        }
        if (state == State.RECORDING_GREETING) {
            media.stopRecording();
            discardGreeting();
        }
        state = State.DONE;
        return true;
    }

    private synchronized void pressed(char digit) {
        if (state == State.DONE) {
            return;
        }
        if (state == State.RECORDING_GREETING) {
            if (digit == '#') {
                saveGreeting();
            }
            return;
        }
        switch (digit) {
            case '1' -> listen();
            case '#' -> {
                current++;
                listen();
            }
            case '7' -> withCurrent(message -> {
                voicemail.delete(owner, message.id());
                messages.remove(current);
                say("vm-message-deleted");
            });
            case '9' -> withCurrent(message -> {
                voicemail.markHeard(owner, message.id(), true);
                say("vm-message-saved");
            });
            case '5' -> {
                state = State.RECORDING_GREETING;
                greetingStarted = false;
                List<Path> files = new ArrayList<>(prompt.apply("vm-record-greeting"));
                files.addAll(prompt.apply("beep"));
                media.play(files, this);
            }
            default -> LOG.debug("Voicemail menu of {}: digit {} ignored", owner, digit);
        }
    }

    private void listen() {
        withCurrent(message -> {
            state = State.LISTENING;
            media.play(List.of(voicemail.audio(owner, message.id())), this);
        });
    }

    private void withCurrent(Consumer<VoicemailMessage> action) {
        if (current >= messages.size()) {
            current = messages.size();
            say(messages.isEmpty() ? "vm-no-messages" : "vm-no-more-messages");
            return;
        }
        action.accept(messages.get(current));
    }

    private void say(String name) {
        state = State.MENU;
        media.play(prompt.apply(name), this);
    }

    private synchronized void played(boolean completed) {
        if (state == State.LISTENING && completed && current < messages.size()) {
            VoicemailMessage message = messages.get(current);
            messages.set(current, voicemail.markHeard(owner, message.id(), true));
            state = State.MENU;
        } else if (state == State.RECORDING_GREETING && !greetingStarted) {
            greetingStarted = true;
            try {
                media.record(voicemail.newMessageFile(owner, VoicemailServiceImpl.NEW_GREETING));
            } catch (IOException e) {
                LOG.warn("Cannot record a greeting for {}: {}", owner, e.getMessage());
                say("goodbye");
            }
        }
    }

    private void saveGreeting() {
        media.stopRecording();
        try {
            Path recorded = voicemail.newMessageFile(owner, VoicemailServiceImpl.NEW_GREETING);
            voicemail.setGreeting(owner, recorded);
            Files.deleteIfExists(recorded);
            say("vm-greeting-saved");
        } catch (IOException e) {
            LOG.warn("Cannot save the new greeting of {}: {}", owner, e.getMessage());
            say("goodbye");
        }
    }

    private void discardGreeting() {
        try {
            Files.deleteIfExists(voicemail.newMessageFile(owner, VoicemailServiceImpl.NEW_GREETING));
        } catch (IOException e) {
            LOG.debug("No unfinished greeting of {} to remove: {}", owner, e.getMessage());
        }
    }
}
