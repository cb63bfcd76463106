package dev.parley.store;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;

/** Persistence of accounts. */
@ProviderType
public interface AccountStore {

    /** Inserts a new account; false (and nothing written) if the address is already taken. */
    boolean insert(StoredAccount account);

    Optional<StoredAccount> find(SipAddress address);

    /** All accounts, ordered by domain then user. */
    List<StoredAccount> list();

    /** Replaces the row of {@code account.address()}; false if there is none. */
    boolean update(StoredAccount account);

    /** Deletes an account; false if there was none. */
    boolean delete(SipAddress address);
}
