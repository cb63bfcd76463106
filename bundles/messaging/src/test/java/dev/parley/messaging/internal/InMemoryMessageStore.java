package dev.parley.messaging.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Conversation;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.store.MessageStore;
import dev.parley.store.StoredMessage;

/** A {@link MessageStore} in a map, in insertion order, for the service's tests. */
final class InMemoryMessageStore implements MessageStore {

    private final Map<String, StoredMessage> messages = new LinkedHashMap<>();

    @Override
    public synchronized void add(StoredMessage message) {
        if (messages.putIfAbsent(message.id(), message) != null) {
            throw new IllegalStateException("duplicate id " + message.id());
        }
    }

    @Override
    public synchronized Optional<StoredMessage> find(String id) {
        return Optional.ofNullable(messages.get(id));
    }

    @Override
    public synchronized List<StoredMessage> pending(SipAddress recipient) {
        return stored().filter(m -> m.message().to().equals(recipient)).toList();
    }

    @Override
    public synchronized List<SipAddress> pendingRecipients() {
        return stored().map(m -> m.message().to()).distinct().toList();
    }

    @Override
    public synchronized List<StoredMessage> due(Instant now, int limit) {
        return stored().filter(m -> m.nextAttempt() != null && !m.nextAttempt().isAfter(now)).limit(limit).toList();
    }

    @Override
    public synchronized List<StoredMessage> expiring(Instant now, int limit) {
        return stored().filter(m -> !m.expiresAt().isAfter(now)).limit(limit).toList();
    }

    @Override
    public synchronized void retryLater(String id, int attempts, @Nullable Instant nextAttempt,
            @Nullable String failure) {
        StoredMessage old = messages.get(id);
        if (old != null && old.message().state() == MessageState.STORED) {
            Message m = old.message();
            messages.put(id, new StoredMessage(new Message(m.id(), m.from(), m.to(), m.contentType(), m.body(),
                    m.time(), m.state(), m.read(), m.stateChanged(), failure), attempts, nextAttempt, old.expiresAt()));
        }
    }

    @Override
    public synchronized boolean finish(String id, MessageState state, Instant at, @Nullable String failure) {
        StoredMessage old = messages.get(id);
        if (old == null || old.message().state() != MessageState.STORED) {
            return false;
        }
        Message m = old.message();
        messages.put(id, new StoredMessage(new Message(m.id(), m.from(), m.to(), m.contentType(), m.body(), m.time(),
                state, m.read(), at, failure), old.attempts(), null, old.expiresAt()));
        return true;
    }

    @Override
    public synchronized int finishAll(List<String> ids, MessageState state, Instant at) {
        return (int) ids.stream().filter(id -> finish(id, state, at, null)).count();
    }

    @Override
    public synchronized List<Conversation> conversations(SipAddress user) {
        Map<SipAddress, Conversation> byPeer = new LinkedHashMap<>();
        for (StoredMessage stored : messages.values()) {
            Message m = stored.message();
            if (m.from().equals(user) || m.to().equals(user)) {
                SipAddress peer = m.peerOf(user);
                int unread = (int) messages.values().stream().map(StoredMessage::message)
                        .filter(x -> x.from().equals(peer) && x.to().equals(user) && !x.read()).count();
                byPeer.remove(peer);
                byPeer.put(peer, new Conversation(user, peer, m, unread));
            }
        }
        List<Conversation> newestFirst = new ArrayList<>(byPeer.values());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public synchronized List<Message> messages(SipAddress user, SipAddress peer, int offset, int limit) {
        List<Message> all = new ArrayList<>(messages.values().stream().map(StoredMessage::message)
                .filter(m -> m.from().equals(user) && m.to().equals(peer) || m.from().equals(peer) && m.to().equals(user))
                .toList());
        Collections.reverse(all);
        return all.stream().skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized int markRead(SipAddress user, SipAddress peer) {
        int count = 0;
        for (StoredMessage stored : List.copyOf(messages.values())) {
            Message m = stored.message();
            if (m.to().equals(user) && m.from().equals(peer) && !m.read()) {
                messages.put(m.id(), new StoredMessage(new Message(m.id(), m.from(), m.to(), m.contentType(),
                        m.body(), m.time(), m.state(), true, m.stateChanged(), m.failure()), stored.attempts(),
                        stored.nextAttempt(), stored.expiresAt()));
                count++;
            }
        }
        return count;
    }

    @Override
    public synchronized boolean delete(String id) {
        return messages.remove(id) != null;
    }

    synchronized StoredMessage get(String id) {
        return Optional.ofNullable(messages.get(id)).orElseThrow();
    }

    synchronized List<StoredMessage> all() {
        return List.copyOf(messages.values());
    }

    private Stream<StoredMessage> stored() {
        return messages.values().stream().filter(m -> m.message().state() == MessageState.STORED)
                .sorted(Comparator.comparing(m -> m.message().time()));
    }
}
