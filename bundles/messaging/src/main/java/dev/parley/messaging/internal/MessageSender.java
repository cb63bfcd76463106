package dev.parley.messaging.internal;

import java.util.function.Consumer;

import dev.parley.api.messaging.Message;
import dev.parley.api.registration.Binding;

/** Sends a stored message to one contact, as Parley acting as a user agent client. Internal to this bundle. */
public interface MessageSender {

    /**
     * Sends {@code message} to {@code binding}'s contact as a new MESSAGE (From the sender, To the recipient, the
     * body and Content-Type unchanged) and reports the outcome exactly once: later, on a stack thread, or at once
     * if it cannot be sent.
     */
    void send(Message message, Binding binding, Consumer<DeliveryOutcome> outcome);
}
