package dev.parley.store;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The answered calls of the B2BUA with the dialog state of both legs, so that a restart of the call bundle (or of
 * Karaf) keeps relaying their in-dialog requests. A call is saved when it is answered, saved again whenever a leg's
 * state changes (a CSeq sent, a target refresh, a new session description) and deleted when it ends.
 */
@ProviderType
public interface CallStore {

    /** Inserts or replaces the call and both its legs, in one transaction. Durable on return. */
    void save(StoredCall call);

    /** Deletes a call and its legs; false if it was not stored. */
    boolean delete(String callId);

    /** Every stored call, oldest first. */
    List<StoredCall> all();
}
