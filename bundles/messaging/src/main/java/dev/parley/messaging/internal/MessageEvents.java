package dev.parley.messaging.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;

import dev.parley.api.common.ParleyTopics;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.api.messaging.MessagingService;

/** The EventAdmin events of the messaging service, with plain string and number properties. */
final class MessageEvents {

    private MessageEvents() {
    }

    static Event received(Message message) {
        Map<String, Object> properties = common(message, message.time());
        properties.put(MessagingService.PROPERTY_CONTENT_TYPE, message.contentType());
        return new Event(MessagingService.TOPIC_RECEIVED, properties);
    }

    static Event delivered(Message message, String contact, Instant at) {
        Map<String, Object> properties = common(message, at);
        properties.put(MessagingService.PROPERTY_CONTACT, contact);
        return new Event(MessagingService.TOPIC_DELIVERED, properties);
    }

    static Event failed(Message message, MessageState state, String reason, Instant at) {
        Map<String, Object> properties = common(message, at);
        properties.put(MessagingService.PROPERTY_STATE, state.name());
        properties.put(MessagingService.PROPERTY_REASON, reason);
        return new Event(MessagingService.TOPIC_FAILED, properties);
    }

    private static Map<String, Object> common(Message message, Instant at) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(MessagingService.PROPERTY_ID, message.id());
        properties.put(MessagingService.PROPERTY_FROM, message.from().uri());
        properties.put(MessagingService.PROPERTY_TO, message.to().uri());
        properties.put(ParleyTopics.PROPERTY_TIMESTAMP, at.toEpochMilli());
        return properties;
    }
}
