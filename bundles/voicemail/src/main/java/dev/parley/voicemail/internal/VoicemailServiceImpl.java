package dev.parley.voicemail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.ParleyTopics;
import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailCounts;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailService;
import dev.parley.api.voicemail.VoicemailSettings;
import dev.parley.store.VoicemailStore;

/**
 * The mailboxes: metadata in the {@link VoicemailStore}, audio in {@link Mailboxes}. At activation it removes the
 * files a crash left unlisted, so every listed message has a complete file and no file outlives its metadata.
 */
@Component(service = { VoicemailService.class, VoicemailServiceImpl.class }, configurationPid = VoicemailConfig.PID)
@Designate(ocd = VoicemailConfig.class)
public final class VoicemailServiceImpl implements VoicemailService {
    private static final Logger LOG = LoggerFactory.getLogger(VoicemailServiceImpl.class);

    /** The file a greeting recorded by phone goes to before it replaces the greeting (a crash leaves an orphan). */
    static final String NEW_GREETING = "new-greeting";

    private final VoicemailStore store;
    private final EventAdmin eventAdmin;
    private final Mailboxes mailboxes;
    private final Clock clock;
    private volatile boolean enabledByDefault;

    @Activate
    public VoicemailServiceImpl(@Reference VoicemailStore store, @Reference EventAdmin eventAdmin,
            VoicemailConfig config) throws IOException {
        this(store, eventAdmin, config, new Mailboxes(storageDirectory(config)), Clock.systemUTC());
    }

    VoicemailServiceImpl(VoicemailStore store, EventAdmin eventAdmin, VoicemailConfig config, Mailboxes mailboxes,
            Clock clock) throws IOException {
        this.store = store;
        this.eventAdmin = eventAdmin;
        this.mailboxes = mailboxes;
        this.clock = clock;
        this.enabledByDefault = config.default_enabled();
        int removed = mailboxes.removeOrphans((owner, id) -> store.find(owner, id).isPresent());
        LOG.info("Voicemail started in {} ({} orphan files removed)", mailboxes.root(), removed);
    }

    @Modified
    void modified(VoicemailConfig config) {
        enabledByDefault = config.default_enabled();
    }

    private static Path storageDirectory(VoicemailConfig config) {
        if (!config.storage_directory().isBlank()) {
            return Path.of(config.storage_directory());
        }
        return Path.of(System.getProperty("karaf.data", "data"), "parley", "voicemail");
    }

    @Override
    public VoicemailCounts counts(SipAddress user) {
        int newCount = 0;
        int oldCount = 0;
        int urgentNew = 0;
        int urgentOld = 0;
        for (VoicemailMessage message : store.messages(user)) {
            if (message.heard()) {
                oldCount++;
                urgentOld += message.urgent() ? 1 : 0;
            } else {
                newCount++;
                urgentNew += message.urgent() ? 1 : 0;
            }
        }
        return new VoicemailCounts(newCount + oldCount, newCount, newCount, oldCount, urgentNew, urgentOld,
                store.lastChecked(user).orElse(null));
    }

    @Override
    public List<VoicemailMessage> messages(SipAddress user) {
        List<VoicemailMessage> messages = store.messages(user);
        store.checked(user, clock.instant());
        return messages;
    }

    @Override
    public Optional<VoicemailMessage> message(SipAddress user, String id) {
        return store.find(user, id);
    }

    @Override
    public Path audio(SipAddress user, String id) {
        existing(user, id);
        return mailboxes.message(user, id);
    }

    @Override
    public InputStream openAudio(SipAddress user, String id) {
        Path file = audio(user, id);
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new ParleyException(ParleyError.INTERNAL, "Cannot read message " + id + " of " + user, e);
        }
    }

    @Override
    public VoicemailMessage markHeard(SipAddress user, String id, boolean heard) {
        VoicemailMessage message = existing(user, id);
        if (message.heard() == heard) {
            return message;
        }
        store.setHeard(user, id, heard);
        post(TOPIC_HEARD, user, Map.of(PROPERTY_ID, id, PROPERTY_HEARD, Boolean.toString(heard)));
        countsChanged(user);
        return message.withHeard(heard);
    }

    @Override
    public boolean delete(SipAddress user, String id) {
        if (!store.delete(user, id)) {
            return false;
        }
        try {
            Files.deleteIfExists(mailboxes.message(user, id));
        } catch (IOException e) {
            LOG.warn("Message {} of {} deleted, its file stays until the next start: {}", id, user, e.getMessage());
        }
        post(TOPIC_DELETED, user, Map.of(PROPERTY_ID, id));
        countsChanged(user);
        return true;
    }

    @Override
    public Optional<Path> greeting(SipAddress user) {
        Path greeting = mailboxes.greeting(user);
        return Files.isRegularFile(greeting) ? Optional.of(greeting) : Optional.empty();
    }

    @Override
    public void setGreeting(SipAddress user, Path wavFile) {
        switch (WavFiles.check(wavFile)) {
            case NOT_WAV -> throw new ParleyException(ParleyError.INVALID_ARGUMENT,
                    "Not a readable WAV file: " + wavFile);
            case UNSUPPORTED -> throw new ParleyException(ParleyError.UNSUPPORTED_MEDIA_TYPE,
                    "A greeting must be 8 kHz mono PCM-16, A-law or mu-law, or 16 kHz mono PCM-16: " + wavFile);
            case PLAYABLE -> LOG.debug("Greeting of {} from {}", user, wavFile);
        }
        Path greeting = mailboxes.greeting(user);
        try {
            Files.createDirectories(greeting.getParent());
            Path temporary = greeting.resolveSibling(greeting.getFileName() + Mailboxes.PART);
            Files.copy(wavFile, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, greeting, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ParleyException(ParleyError.INTERNAL, "Cannot store the greeting of " + user, e);
        }
    }

    @Override
    public boolean clearGreeting(SipAddress user) {
        try {
            return Files.deleteIfExists(mailboxes.greeting(user));
        } catch (IOException e) {
            throw new ParleyException(ParleyError.INTERNAL, "Cannot remove the greeting of " + user, e);
        }
    }

    @Override
    public VoicemailSettings settings(SipAddress user) {
        return store.settings(user).orElseGet(() -> new VoicemailSettings(enabledByDefault, null));
    }

    @Override
    public void updateSettings(SipAddress user, VoicemailSettings settings) {
        store.saveSettings(user, settings);
    }

    /** Where a new message's recording goes (its folder created). */
    Path newMessageFile(SipAddress owner, String id) throws IOException {
        Path file = mailboxes.message(owner, id);
        Files.createDirectories(file.getParent());
        return file;
    }

    /** A recording is complete in its file: list it. */
    void deposited(VoicemailMessage message) {
        store.save(message);
        LOG.info("Voicemail {} for {} from {} ({} ms)", message.id(), message.owner(), message.caller(),
                message.duration().toMillis());
        post(TOPIC_DEPOSITED, message.owner(), Map.of(PROPERTY_ID, message.id(), PROPERTY_CALLER,
                message.caller().uri()));
        countsChanged(message.owner());
    }

    /** A recording too short to keep: its file goes. */
    void discard(SipAddress owner, String id) {
        try {
            Files.deleteIfExists(mailboxes.message(owner, id));
        } catch (NoSuchFileException e) {
            LOG.debug("Nothing to discard for message {}", id);
        } catch (IOException e) {
            LOG.warn("Cannot remove the short recording {} of {}: {}", id, owner, e.getMessage());
        }
    }

    Instant now() {
        return clock.instant();
    }

    private VoicemailMessage existing(SipAddress user, String id) {
        return store.find(user, id).orElseThrow(
                () -> new ParleyException(ParleyError.NOT_FOUND, "No message " + id + " for " + user));
    }

    private void countsChanged(SipAddress user) {
        VoicemailCounts counts = counts(user);
        post(TOPIC_COUNTS_CHANGED, user, Map.of(PROPERTY_NEW, counts.newCount(), PROPERTY_OLD, counts.oldCount(),
                PROPERTY_URGENT_NEW, counts.urgentNew(), PROPERTY_URGENT_OLD, counts.urgentOld()));
    }

    private void post(String topic, SipAddress user, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(PROPERTY_AOR, user.uri());
        all.put(ParleyTopics.PROPERTY_TIMESTAMP, clock.millis());
        eventAdmin.postEvent(new Event(topic, all));
    }
}
