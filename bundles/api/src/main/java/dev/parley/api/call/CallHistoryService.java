package dev.parley.api.call;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;

/** Ended calls per user, kept in the store. */
@ProviderType
public interface CallHistoryService {

    /** The user's history, newest first, at most {@code limit} entries. */
    List<CallRecord> history(SipAddress user, int limit);

    /** Deletes one entry of the user's history (the other party's entry stays); false if there was none. */
    boolean delete(SipAddress user, String callId);

    /** Deletes the user's whole history; returns how many entries there were. */
    int deleteAll(SipAddress user);
}
