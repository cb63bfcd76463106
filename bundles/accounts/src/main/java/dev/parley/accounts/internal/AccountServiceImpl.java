package dev.parley.accounts.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.account.DigestCredentials;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.ParleyTopics;
import dev.parley.api.common.SipAddress;
import dev.parley.store.AccountStore;
import dev.parley.store.StoredAccount;

/**
 * Accounts on the {@link AccountStore}. The password is turned into its digests (HA1) at once and never kept or
 * logged. Each change is posted to EventAdmin after the store has made it durable. Digest credentials are read
 * through a {@link CredentialsCache} that every change here invalidates.
 */
@Component(service = AccountService.class, configurationPid = AccountsConfig.PID)
@Designate(ocd = AccountsConfig.class)
public final class AccountServiceImpl implements AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountServiceImpl.class);

    private final AccountStore store;
    private final EventAdmin events;
    private final Clock clock;
    private final CredentialsCache credentials;
    private volatile AccountRules rules;

    @Activate
    public AccountServiceImpl(@Reference(name = "store") AccountStore store,
            @Reference(name = "events") EventAdmin events, AccountsConfig config) {
        this(store, events, config, Clock.systemUTC());
    }

    AccountServiceImpl(AccountStore store, EventAdmin events, AccountsConfig config, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.credentials = new CredentialsCache(store, config.credentials_cache_size());
        this.rules = AccountRules.of(config);
    }

    @Modified
    void modified(AccountsConfig config) {
        rules = AccountRules.of(config);
        credentials.setCapacity(config.credentials_cache_size());
        LOG.info("Account rules changed to {}", rules);
    }

    @Override
    public Account create(SipAddress address, String password, String displayName) {
        AccountRules current = rules;
        current.checkPassword(password);
        current.checkDisplayName(displayName);
        Instant now = now();
        StoredAccount row = new StoredAccount(address, displayName, DigestHashes.md5(address.user(), address.domain(),
                password), DigestHashes.sha256(address.user(), address.domain(), password), true, now, now);
        if (!store.insert(row)) {
            throw new ParleyException(ParleyError.ALREADY_EXISTS, "account " + address + " already exists");
        }
        LOG.info("Account {} created", address);
        post(TOPIC_CREATED, address);
        return toAccount(row);
    }

    @Override
    public Optional<Account> find(SipAddress address) {
        return store.find(address).map(AccountServiceImpl::toAccount);
    }

    @Override
    public List<Account> list() {
        return store.list().stream().map(AccountServiceImpl::toAccount).toList();
    }

    @Override
    public Account setDisplayName(SipAddress address, String displayName) {
        rules.checkDisplayName(displayName);
        return change(address, row -> new StoredAccount(address, displayName, row.ha1Md5(), row.ha1Sha256(),
                row.enabled(), row.created(), now()));
    }

    @Override
    public Account setPassword(SipAddress address, String password) {
        rules.checkPassword(password);
        String md5 = DigestHashes.md5(address.user(), address.domain(), password);
        String sha256 = DigestHashes.sha256(address.user(), address.domain(), password);
        return change(address, row -> new StoredAccount(address, row.displayName(), md5, sha256, row.enabled(),
                row.created(), now()));
    }

    @Override
    public Account setEnabled(SipAddress address, boolean enabled) {
        return change(address, row -> new StoredAccount(address, row.displayName(), row.ha1Md5(), row.ha1Sha256(),
                enabled, row.created(), now()));
    }

    @Override
    public void delete(SipAddress address) {
        boolean deleted;
        try {
            deleted = store.delete(address);
        } finally {
            credentials.invalidate(address);
        }
        if (!deleted) {
            throw notFound(address);
        }
        LOG.info("Account {} deleted", address);
        post(TOPIC_DELETED, address);
    }

    /** Runs for every authenticated SIP request: from memory once the account has authenticated. */
    @Override
    public Optional<DigestCredentials> credentials(String user, String realm) {
        SipAddress address;
        try {
            address = new SipAddress(user, realm);
        } catch (ParleyException e) {
            return Optional.empty(); // a user name no account can have
        }
        return credentials.find(address).map(row -> new DigestCredentials(row.address(), address.domain(), row.ha1Md5(),
                row.ha1Sha256(), row.enabled()));
    }

    private Account change(SipAddress address, UnaryOperator<StoredAccount> edit) {
        StoredAccount row = edit.apply(store.find(address).orElseThrow(() -> notFound(address)));
        boolean updated;
        try {
            updated = store.update(row);
        } finally {
            credentials.invalidate(address); // also when the write failed half-way: the store is the truth
        }
        if (!updated) {
            throw notFound(address); // deleted in the meantime
        }
        LOG.info("Account {} updated", address);
        post(TOPIC_UPDATED, address);
        return toAccount(row);
    }

    private void post(String topic, SipAddress address) {
        events.postEvent(new Event(topic, Map.of(ParleyTopics.PROPERTY_AOR, address.uri(),
                ParleyTopics.PROPERTY_TIMESTAMP, clock.millis())));
    }

    /** Store precision: what is returned equals what a later find() reads back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ParleyException notFound(SipAddress address) {
        return new ParleyException(ParleyError.NOT_FOUND, "no account " + address);
    }

    private static Account toAccount(StoredAccount row) {
        return new Account(row.address(), row.displayName(), row.enabled(), row.created(), row.updated());
    }
}
