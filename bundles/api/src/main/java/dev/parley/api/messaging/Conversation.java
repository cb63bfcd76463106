package dev.parley.api.messaging;

import dev.parley.api.common.SipAddress;

/**
 * The messages between a user and one peer, summed up.
 *
 * @param user whose view this is
 * @param peer the other party
 * @param lastMessage the newest message of the conversation, in either direction
 * @param unread messages from {@code peer} to {@code user} not marked read
 */
public record Conversation(SipAddress user, SipAddress peer, Message lastMessage, int unread) {
}
