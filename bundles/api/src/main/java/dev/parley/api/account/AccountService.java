package dev.parley.api.account;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;

/**
 * Accounts of the domains Parley serves. Every change is durable when the method returns. Failures are
 * {@link ParleyException}s: {@code INVALID_ARGUMENT} (bad password or display name), {@code ALREADY_EXISTS},
 * {@code NOT_FOUND}.
 */
@ProviderType
public interface AccountService {

    /** Topic sent after an account is created; property {@code aor}. */
    String TOPIC_CREATED = "parley/account/CREATED";
    /** Topic sent after an account's display name, password or enabled flag changed; property {@code aor}. */
    String TOPIC_UPDATED = "parley/account/UPDATED";
    /** Topic sent after an account is deleted; property {@code aor}. */
    String TOPIC_DELETED = "parley/account/DELETED";

    Account create(SipAddress address, String password, String displayName);

    Optional<Account> find(SipAddress address);

    /** All accounts, ordered by domain then user. */
    List<Account> list();

    Account setDisplayName(SipAddress address, String displayName);

    Account setPassword(SipAddress address, String password);

    Account setEnabled(SipAddress address, boolean enabled);

    void delete(SipAddress address);

    /**
     * The digest credentials of the account whose user name is {@code user} in {@code realm}, for authenticating
     * SIP requests. Empty if there is no such account.
     */
    Optional<DigestCredentials> credentials(String user, String realm);
}
