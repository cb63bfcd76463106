package dev.parley.api.voicemail;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.ParleyException;
import dev.parley.api.common.ParleyTopics;
import dev.parley.api.common.SipAddress;

/**
 * Users' mailboxes. Messages are WAV files (8 kHz mono G.711 or 16-bit PCM) with their metadata in the store.
 * Failures are {@link ParleyException}s: {@code NOT_FOUND} for an unknown message, {@code INVALID_ARGUMENT} for a
 * greeting that is not a readable WAV file, {@code UNSUPPORTED_MEDIA_TYPE} for a WAV in another format.
 */
@ProviderType
public interface VoicemailService {

    /** A message was left. Properties: {@link #PROPERTY_AOR}, {@link #PROPERTY_ID}, {@link #PROPERTY_CALLER}. */
    String TOPIC_DEPOSITED = "parley/voicemail/DEPOSITED";
    /** A message was marked heard or unheard. Properties: aor, id, {@link #PROPERTY_HEARD}. */
    String TOPIC_HEARD = "parley/voicemail/HEARD";
    /** A message was deleted. Properties: aor, id. */
    String TOPIC_DELETED = "parley/voicemail/DELETED";
    /**
     * A mailbox's counts changed. Properties: aor, {@link #PROPERTY_NEW}, {@link #PROPERTY_OLD},
     * {@link #PROPERTY_URGENT_NEW}, {@link #PROPERTY_URGENT_OLD}.
     */
    String TOPIC_COUNTS_CHANGED = "parley/voicemail/COUNTS_CHANGED";

    /** The mailbox owner, {@code sip:user@domain}. */
    String PROPERTY_AOR = ParleyTopics.PROPERTY_AOR;
    String PROPERTY_ID = "id";
    /** Who left the message, {@code sip:user@domain}. */
    String PROPERTY_CALLER = "caller";
    /** {@code true} or {@code false}, as a string. */
    String PROPERTY_HEARD = "heard";
    String PROPERTY_NEW = "new";
    String PROPERTY_OLD = "old";
    String PROPERTY_URGENT_NEW = "urgentNew";
    String PROPERTY_URGENT_OLD = "urgentOld";

    /** The counts of a mailbox (an empty one for a user with no messages). */
    VoicemailCounts counts(SipAddress user);

    /** The user's messages, newest first; records the time as the mailbox's last check. */
    List<VoicemailMessage> messages(SipAddress user);

    Optional<VoicemailMessage> message(SipAddress user, String id);

    /** The WAV file of a message. */
    Path audio(SipAddress user, String id);

    /** The WAV bytes of a message; the caller closes the stream. */
    InputStream openAudio(SipAddress user, String id);

    /** Marks a message heard (old) or unheard (new); returns the updated message. */
    VoicemailMessage markHeard(SipAddress user, String id, boolean heard);

    /** Deletes a message and its audio; false if there was none. */
    boolean delete(SipAddress user, String id);

    /** The user's own greeting, if set. */
    Optional<Path> greeting(SipAddress user);

    /** Copies {@code wavFile} as the user's greeting, replacing any previous one. */
    void setGreeting(SipAddress user, Path wavFile);

    /** Removes the user's greeting (callers then hear the default prompt); false if there was none. */
    boolean clearGreeting(SipAddress user);

    /** The user's settings, or the configured defaults. */
    VoicemailSettings settings(SipAddress user);

    void updateSettings(SipAddress user, VoicemailSettings settings);
}
