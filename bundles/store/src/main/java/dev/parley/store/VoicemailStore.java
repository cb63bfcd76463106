package dev.parley.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailSettings;

/**
 * Persistence of voicemail metadata (the audio itself lives in files the voicemail bundle owns): messages keyed by
 * (owner, id), and per-mailbox settings and last-check time. Writes are durable on return.
 */
@ProviderType
public interface VoicemailStore {

    /** Stores a message, replacing the owner's message of the same id. */
    void save(VoicemailMessage message);

    /** The owner's messages, newest first (ties by id). */
    List<VoicemailMessage> messages(SipAddress owner);

    Optional<VoicemailMessage> find(SipAddress owner, String id);

    /** Sets the heard flag of a message; false if there is no such message. */
    boolean setHeard(SipAddress owner, String id, boolean heard);

    /** Deletes a message; false if there was none. */
    boolean delete(SipAddress owner, String id);

    /** The settings saved for a mailbox, if any. */
    Optional<VoicemailSettings> settings(SipAddress owner);

    void saveSettings(SipAddress owner, VoicemailSettings settings);

    /** When the owner last checked the mailbox, if ever. */
    Optional<Instant> lastChecked(SipAddress owner);

    void checked(SipAddress owner, Instant at);
}
