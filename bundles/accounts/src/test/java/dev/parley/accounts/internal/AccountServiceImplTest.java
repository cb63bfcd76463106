package dev.parley.accounts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.account.DigestCredentials;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.store.AccountStore;
import dev.parley.store.StoredAccount;

@ExtendWith(MockitoExtension.class)
class AccountServiceImplTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final Instant NOW = Instant.parse("2026-05-06T07:08:09.123Z");
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final String PASSWORD = "correct horse";
    private static final StoredAccount STORED = new StoredAccount(ALICE, "Alice", "61249fae4f54de6c481fcb1a75f10acf",
            "317b2aa0542c3c0eef7c5b974d69882c5ff43d5efc93a32ebd7032b58cb8a769", true, CREATED, CREATED);

    @Mock
    AccountStore store;
    @Mock
    EventAdmin events;
    @Captor
    ArgumentCaptor<StoredAccount> written;
    @Captor
    ArgumentCaptor<Event> posted;

    private AccountServiceImpl service;

    @BeforeEach
    void create() {
        Clock clock = Clock.fixed(Instant.parse("2026-05-06T07:08:09.123456Z"), ZoneOffset.UTC);
        service = new AccountServiceImpl(store, events, config(8, 128, 100), clock);
    }

    @Test
    void createStoresTheDigestsOfUserRealmAndPassword() {
        when(store.insert(any())).thenReturn(true);

        Account account = service.create(ALICE, PASSWORD, "Alice");

        verify(store).insert(written.capture());
        assertEquals(new StoredAccount(ALICE, "Alice", STORED.ha1Md5(), STORED.ha1Sha256(), true, NOW, NOW),
                written.getValue());
        assertEquals(new Account(ALICE, "Alice", true, NOW, NOW), account);
    }

    @Test
    void createPostsCreatedWithTheAddress() {
        when(store.insert(any())).thenReturn(true);

        service.create(ALICE, PASSWORD, "");

        assertPosted(AccountService.TOPIC_CREATED);
    }

    @Test
    void createOfATakenAddressIsAlreadyExists() {
        when(store.insert(any())).thenReturn(false);

        ParleyException e = assertThrows(ParleyException.class, () -> service.create(ALICE, PASSWORD, ""));

        assertEquals(ParleyError.ALREADY_EXISTS, e.error());
        assertEquals("account sip:alice@example.org already exists", e.getMessage());
        verifyNoInteractions(events);
    }

    static List<Arguments> badPasswords() {
        return List.of(Arguments.of("short7!", "password must be at least 8 characters"),
                Arguments.of("tab\there-ok", "password must not contain control characters"),
                Arguments.of("new\nline-pw", "password must not contain control characters"));
    }

    @ParameterizedTest
    @MethodSource("badPasswords")
    void badPasswordsAreRefusedWithoutEchoingThem(String password, String message) {
        ParleyException e = assertThrows(ParleyException.class, () -> service.create(ALICE, password, ""));

        assertEquals(ParleyError.INVALID_ARGUMENT, e.error());
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains(password));
        verifyNoInteractions(store, events);
    }

    @Test
    void aTooLongPasswordIsRefused() {
        ParleyException e = assertThrows(ParleyException.class, () -> service.create(ALICE, "x".repeat(129), ""));

        assertEquals("password must be at most 128 characters", e.getMessage());
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        when(store.insert(any())).thenReturn(true);
        String eightEmoji = "\uD83D\uDE00".repeat(8);

        service.create(ALICE, eightEmoji, "");

        verify(store).insert(any());
    }

    static List<Arguments> badDisplayNames() {
        return List.of(Arguments.of("Alice\r\nVia: evil", "display name must not contain line breaks"),
                Arguments.of("Alice\u0007", "display name must not contain control characters"),
                Arguments.of("Al\"ice", "display name must not contain a double quote"));
    }

    @ParameterizedTest
    @MethodSource("badDisplayNames")
    void badDisplayNamesAreRefused(String displayName, String message) {
        ParleyException e = assertThrows(ParleyException.class, () -> service.create(ALICE, PASSWORD, displayName));

        assertEquals(ParleyError.INVALID_ARGUMENT, e.error());
        assertEquals(message, e.getMessage());
    }

    @Test
    void aTooLongDisplayNameIsRefused() {
        ParleyException e = assertThrows(ParleyException.class,
                () -> service.setDisplayName(ALICE, "n".repeat(101)));

        assertEquals("display name must be at most 100 characters", e.getMessage());
        verifyNoInteractions(store);
    }

    @Test
    void changedRulesApplyAtOnce() {
        service.modified(config(12, 128, 100));

        ParleyException e = assertThrows(ParleyException.class, () -> service.create(ALICE, "elevenchars", ""));

        assertEquals("password must be at least 12 characters", e.getMessage());
    }

    @Test
    void setPasswordReplacesBothDigestsAndKeepsTheRest() {
        when(store.find(ALICE)).thenReturn(Optional.of(STORED));
        when(store.update(any())).thenReturn(true);

        service.setPassword(ALICE, "another secret");

        verify(store).update(written.capture());
        StoredAccount row = written.getValue();
        assertEquals(DigestHashes.md5("alice", "example.org", "another secret"), row.ha1Md5());
        assertEquals(DigestHashes.sha256("alice", "example.org", "another secret"), row.ha1Sha256());
        assertEquals(new StoredAccount(ALICE, "Alice", row.ha1Md5(), row.ha1Sha256(), true, CREATED, NOW), row);
        assertPosted(AccountService.TOPIC_UPDATED);
    }

    @Test
    void setDisplayNameAndSetEnabledChangeOnlyTheirField() {
        when(store.find(ALICE)).thenReturn(Optional.of(STORED));
        when(store.update(any())).thenReturn(true);

        assertEquals(new Account(ALICE, "Alice L.", true, CREATED, NOW), service.setDisplayName(ALICE, "Alice L."));
        assertEquals(new Account(ALICE, "Alice", false, CREATED, NOW), service.setEnabled(ALICE, false));
    }

    @Test
    void changesToAMissingAccountAreNotFound() {
        when(store.find(ALICE)).thenReturn(Optional.empty());

        assertNotFound(() -> service.setPassword(ALICE, PASSWORD));
        assertNotFound(() -> service.setDisplayName(ALICE, "A"));
        assertNotFound(() -> service.setEnabled(ALICE, false));
        verify(store, never()).update(any());
        verifyNoInteractions(events);
    }

    @Test
    void anAccountDeletedDuringAChangeIsNotFound() {
        when(store.find(ALICE)).thenReturn(Optional.of(STORED));
        when(store.update(any())).thenReturn(false);

        assertNotFound(() -> service.setEnabled(ALICE, false));
        verifyNoInteractions(events);
    }

    @Test
    void deletePostsDeleted() {
        when(store.delete(ALICE)).thenReturn(true);

        service.delete(ALICE);

        assertPosted(AccountService.TOPIC_DELETED);
    }

    @Test
    void deleteOfAMissingAccountIsNotFound() {
        when(store.delete(ALICE)).thenReturn(false);

        assertNotFound(() -> service.delete(ALICE));
        verifyNoInteractions(events);
    }

    @Test
    void findAndListHideTheDigests() {
        when(store.find(ALICE)).thenReturn(Optional.of(STORED));
        when(store.list()).thenReturn(List.of(STORED));

        Account expected = new Account(ALICE, "Alice", true, CREATED, CREATED);
        assertEquals(Optional.of(expected), service.find(ALICE));
        assertEquals(List.of(expected), service.list());
    }

    @Test
    void credentialsComeFromTheStoredRowWithTheDomainAsRealm() {
        when(store.find(ALICE)).thenReturn(Optional.of(STORED));

        assertEquals(Optional.of(new DigestCredentials(ALICE, "example.org", STORED.ha1Md5(), STORED.ha1Sha256(), true)),
                service.credentials("alice", "Example.ORG"));
    }

    @Test
    void credentialsAreReadFromTheStoreOnceThenFromMemory() {
        when(store.find(ALICE)).thenReturn(Optional.of(STORED));

        service.credentials("alice", "example.org");
        Optional<DigestCredentials> again = service.credentials("alice", "example.org");

        verify(store, times(1)).find(ALICE);
        assertEquals(STORED.ha1Md5(), again.orElseThrow().ha1Md5());
    }

    @Test
    void aNewPasswordReplacesTheRememberedCredentials() {
        when(store.find(ALICE)).thenReturn(Optional.of(STORED));
        when(store.update(any())).thenReturn(true);
        service.credentials("alice", "example.org");

        service.setPassword(ALICE, "another password");
        verify(store).update(written.capture());
        when(store.find(ALICE)).thenReturn(Optional.of(written.getValue()));

        assertEquals(written.getValue().ha1Md5(), service.credentials("alice", "example.org").orElseThrow().ha1Md5());
    }

    @Test
    void aDisabledAccountIsNoLongerRememberedAsEnabled() {
        when(store.find(ALICE)).thenReturn(Optional.of(STORED));
        when(store.update(any())).thenReturn(true);
        service.credentials("alice", "example.org");

        service.setEnabled(ALICE, false);
        verify(store).update(written.capture());
        when(store.find(ALICE)).thenReturn(Optional.of(written.getValue()));

        assertFalse(service.credentials("alice", "example.org").orElseThrow().enabled());
    }

    @Test
    void aDeletedAccountHasNoCredentials() {
        when(store.find(ALICE)).thenReturn(Optional.of(STORED));
        when(store.delete(ALICE)).thenReturn(true);
        service.credentials("alice", "example.org");

        service.delete(ALICE);
        when(store.find(ALICE)).thenReturn(Optional.empty());

        assertEquals(Optional.empty(), service.credentials("alice", "example.org"));
    }

    @Test
    void credentialsOfAnUnknownUserAreEmpty() {
        when(store.find(new SipAddress("bob", "example.org"))).thenReturn(Optional.empty());

        assertEquals(Optional.empty(), service.credentials("bob", "example.org"));
    }

    @Test
    void credentialsOfAUserNameNoAccountCanHaveAreEmptyWithoutALookup() {
        assertEquals(Optional.empty(), service.credentials("bad user", "example.org"));
        assertEquals(Optional.empty(), service.credentials("alice", "bad realm"));
        verifyNoInteractions(store);
    }

    private void assertPosted(String topic) {
        verify(events).postEvent(posted.capture());
        assertEquals(topic, posted.getValue().getTopic());
        assertEquals("sip:alice@example.org", posted.getValue().getProperty("aor"));
        assertEquals(Instant.parse("2026-05-06T07:08:09.123Z").toEpochMilli(),
                posted.getValue().getProperty("timestamp"));
    }

    private static void assertNotFound(Runnable call) {
        ParleyException e = assertThrows(ParleyException.class, call::run);
        assertEquals(ParleyError.NOT_FOUND, e.error());
        assertEquals("no account sip:alice@example.org", e.getMessage());
    }

    static AccountsConfig config(int passwordMin, int passwordMax, int displayNameMax) {
        return new AccountsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AccountsConfig.class;
            }

            @Override
            public int password_min_length() {
                return passwordMin;
            }

            @Override
            public int password_max_length() {
                return passwordMax;
            }

            @Override
            public int display_name_max_length() {
                return displayNameMax;
            }

            @Override
            public int credentials_cache_size() {
                return 10;
            }
        };
    }
}
