package dev.parley.voicemail.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.CallDiversion;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallTarget;
import dev.parley.api.call.DivertedCall;
import dev.parley.api.call.DivertedSession;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.media.MediaEngine;
import dev.parley.api.media.MediaSession;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailSettings;

/**
 * Takes the calls of users with voicemail enabled (busy, no answer, not registered) and lets the caller leave a
 * message; claims the access number ({@link CallTarget}) and answers the owner's own calls to it with the
 * {@link RetrievalMenu}. Stopping the component ends every deposit and menu in progress: what was recorded is kept (if
 * long enough) and the calls are hung up.
 */
@Component(service = { CallDiversion.class, CallTarget.class }, configurationPid = VoicemailConfig.PID)
public final class VoicemailDiversion implements CallDiversion, CallTarget, Deposit.Outcome {
    private static final Logger LOG = LoggerFactory.getLogger(VoicemailDiversion.class);

    private final MediaEngine media;
    private final CallService calls;
    private final VoicemailServiceImpl mailboxes;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Set<MediaCall> active = ConcurrentHashMap.newKeySet();
    private volatile Deposit.Limits limits;
    private volatile String accessNumber;

    @Activate
    public VoicemailDiversion(@Reference MediaEngine media, @Reference CallService calls,
            @Reference VoicemailServiceImpl mailboxes, VoicemailConfig config) {
        this(media, calls, mailboxes, config, Executors.newSingleThreadScheduledExecutor(
                runnable -> new Thread(runnable, "parley-voicemail")), Clock.systemUTC());
    }

    VoicemailDiversion(MediaEngine media, CallService calls, VoicemailServiceImpl mailboxes, VoicemailConfig config,
            ScheduledExecutorService executor, Clock clock) {
        this.media = media;
        this.calls = calls;
        this.mailboxes = mailboxes;
        this.executor = executor;
        this.clock = clock;
        this.limits = limits(config);
        this.accessNumber = config.access_number().trim();
    }

    @Modified
    void modified(VoicemailConfig config) {
        limits = limits(config);
        accessNumber = config.access_number().trim();
    }

    @Override
    public boolean serves(SipAddress address) {
        return !accessNumber.isEmpty() && address.user().equals(accessNumber);
    }

    private static Deposit.Limits limits(VoicemailConfig config) {
        return new Deposit.Limits(Duration.ofSeconds(config.min_message_seconds()),
                Duration.ofSeconds(config.max_message_seconds()));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        for (MediaCall call : List.copyOf(active)) {
            call.stop();
        }
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The ringing time the user chose for calls before they go to the mailbox (only with voicemail enabled). */
    @Override
    public Optional<Duration> noAnswerTimeout(SipAddress callee) {
        VoicemailSettings settings = mailboxes.settings(callee);
        return settings.enabled() ? Optional.ofNullable(settings.noAnswerTimeout()) : Optional.empty();
    }

    @Override
    public Optional<DivertedSession> divert(DivertedCall call) {
        if (serves(call.callee())) {
            return retrieval(call);
        }
        if (!mailboxes.settings(call.callee()).enabled() || call.sdpOffer().isBlank()) {
            return Optional.empty(); // no mailbox, or a delayed offer this service cannot answer in the 200
        }
        String id = newId();
        Path file;
        MediaSession session;
        try {
            file = mailboxes.newMessageFile(call.callee(), id);
            session = media.open(call.sdpOffer());
        } catch (IOException | ParleyException e) {
            LOG.warn("Call {} cannot go to the mailbox of {}: {}", call.callId(), call.callee(), e.getMessage());
            return Optional.empty();
        }
        Deposit deposit = new Deposit(call, id, session, file, limits, this, executor, clock);
        active.add(deposit);
        try {
            deposit.start(greeting(call.callee()));
        } catch (ParleyException e) {
            LOG.warn("Call {}: the greeting of {} cannot be played: {}", call.callId(), call.callee(), e.getMessage());
            active.remove(deposit);
            session.close();
            return Optional.empty();
        }
        LOG.debug("Call {} ({}) to the mailbox of {}", call.callId(), call.reason(), call.callee());
        return Optional.of(deposit);
    }

    /**
     * The owner's call to the access number. The call service authenticated a caller of a local domain as its From,
     * so the caller is the mailbox owner; a caller of another domain (unauthenticated inbound calls) is refused.
     */
    private Optional<DivertedSession> retrieval(DivertedCall call) {
        if (!call.caller().domain().equals(call.callee().domain()) || call.sdpOffer().isBlank()) {
            return Optional.empty();
        }
        MediaSession session;
        try {
            session = media.open(call.sdpOffer());
        } catch (ParleyException e) {
            LOG.warn("Call {} cannot reach the voicemail menu: {}", call.callId(), e.getMessage());
            return Optional.empty();
        }
        RetrievalMenu menu = new RetrievalMenu(call.callId(), call.caller(), session, mailboxes, this::prompt, executor,
                this);
        active.add(menu);
        menu.start();
        LOG.debug("Call {}: {} in the voicemail menu", call.callId(), call.caller());
        return Optional.of(menu);
    }

    /** The user's own greeting, else "the person at <digits> is unavailable" (or a generic prompt), then the beep. */
    List<Path> greeting(SipAddress user) {
        List<Path> files = new ArrayList<>();
        Optional<Path> own = mailboxes.greeting(user);
        if (own.isPresent()) {
            files.add(own.get());
        } else if (user.user().matches("[0-9]{1,15}")) {
            addPrompt(files, "vm-the-person-at");
            user.user().chars().forEach(digit -> addPrompt(files, "digit-" + (char) digit));
            addPrompt(files, "vm-is-unavailable");
        } else {
            addPrompt(files, "vm-unavailable");
        }
        addPrompt(files, "beep");
        return files;
    }

    private void addPrompt(List<Path> files, String name) {
        files.addAll(prompt(name));
    }

    /** The prompt's file, or none (logged) when it is missing: the caller hears the rest. */
    private List<Path> prompt(String name) {
        try {
            return List.of(media.prompt(name));
        } catch (ParleyException e) {
            LOG.warn("Voicemail prompt {} is missing: {}", name, e.getMessage());
            return List.of();
        }
    }

    private String newId() {
        return Long.toString(clock.millis(), 36) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
    }

    @Override
    public void keep(VoicemailMessage message) {
        mailboxes.deposited(message);
    }

    @Override
    public void drop(VoicemailMessage message) {
        mailboxes.discard(message.owner(), message.id());
    }

    @Override
    public void hangUp(String callId) {
        try {
            calls.hangUp(callId);
        } catch (ParleyException e) {
            LOG.debug("Call {} already gone: {}", callId, e.getMessage());
        }
    }

    @Override
    public void closed(MediaCall call) {
        active.remove(call);
    }
}
