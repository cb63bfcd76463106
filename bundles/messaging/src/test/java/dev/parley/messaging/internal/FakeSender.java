package dev.parley.messaging.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.parley.api.messaging.Message;
import dev.parley.api.registration.Binding;

/** A {@link MessageSender} that records what it was asked to send; the test answers each send by hand. */
final class FakeSender implements MessageSender {

    /** One MESSAGE "on the wire", waiting for the test to answer it. */
    record Sent(Message message, Binding binding, Consumer<DeliveryOutcome> outcome) {
        void answer(int status, String reason) {
            outcome.accept(new DeliveryOutcome(binding.contact(), status, reason));
        }

        void timeOut() {
            outcome.accept(DeliveryOutcome.noResponse(binding.contact(), "timeout"));
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private int immediateStatus;

    @Override
    public void send(Message message, Binding binding, Consumer<DeliveryOutcome> outcome) {
        Sent sending = new Sent(message, binding, outcome);
        int status;
        synchronized (this) {
            sent.add(sending);
            status = immediateStatus;
        }
        if (status > 0) {
            sending.answer(status, "at once");
        }
    }

    /** From now on every send is answered with {@code status} before {@code send} returns (0: by the test). */
    synchronized void answerAtOnce(int status) {
        immediateStatus = status;
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** What was sent since the last call. */
    synchronized List<Sent> take() {
        List<Sent> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }
}
