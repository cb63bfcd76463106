package dev.parley.store;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.call.CallRecord;
import dev.parley.api.common.SipAddress;

/** Persistence of call history entries, keyed by (owner, call id): one entry per user and call. */
@ProviderType
public interface CallHistoryStore {

    /**
     * Stores entries (typically the two parties' entries of one call) in one transaction, each replacing its owner's
     * entry of the same call if there is one (so saving the same ended call twice leaves one entry per owner).
     * Durable on return; nothing happens for an empty list.
     */
    void save(List<CallRecord> entries);

    /** The owner's entries, newest start first (ties by call id), at most {@code limit} of them. */
    List<CallRecord> history(SipAddress owner, int limit);

    /** Deletes the owner's entry of one call (other owners' entries stay); false if there was none. */
    boolean delete(SipAddress owner, String callId);

    /** Deletes every entry of the owner; returns how many there were. */
    int deleteAll(SipAddress owner);
}
