package dev.parley.messaging.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One attempt to deliver a message to all registered contacts of its recipient at once. Decides once: delivered at
 * the first 2xx (the other answers are then ignored), or failed when every contact has failed — permanently if one
 * of them answered 6xx. Thread-safe: contacts answer on different stack threads.
 */
final class DeliveryAttempt {

    private static final int MAX_FAILURE_LENGTH = 1000;

    /** The decision: delivered to {@code contact}, or failed with {@code failure}. */
    record Result(boolean delivered, boolean permanent, String contact, String failure) {
    }

    private final int contacts;
    private final List<DeliveryOutcome> failures = new ArrayList<>();
    private boolean decided;

    DeliveryAttempt(int contacts) {
        if (contacts < 1) {
            throw new IllegalArgumentException("an attempt needs at least one contact");
        }
        this.contacts = contacts;
    }

    /** Records one contact's outcome; returns the decision the first time one can be made, else empty. */
    synchronized Optional<Result> record(DeliveryOutcome outcome) {
        if (decided) {
            return Optional.empty();
        }
        if (outcome.delivered()) {
            decided = true;
            return Optional.of(new Result(true, false, outcome.contact(), ""));
        }
        failures.add(outcome);
        if (failures.size() < contacts) {
            return Optional.empty();
        }
        decided = true;
        boolean permanent = failures.stream().anyMatch(DeliveryOutcome::permanent);
        String failure = String.join("; ", failures.stream().map(DeliveryOutcome::summary).distinct().toList());
        return Optional.of(new Result(false, permanent, "",
                failure.length() > MAX_FAILURE_LENGTH ? failure.substring(0, MAX_FAILURE_LENGTH) : failure));
    }
}
