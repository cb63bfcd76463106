package dev.parley.call.internal;

import java.util.List;
import java.util.Optional;

import dev.parley.api.call.DiversionReason;
import dev.parley.api.call.EndReason;

/**
 * What the caller hears when no contact of the callee answered: one final response chosen from the branches'
 * answers (after RFC 3261 section 16.7 step 6, simplified), with the end reason of the call and whether a
 * diversion service may take it.
 */
public final class FinalResponses {

    /** The answer for the caller. */
    public record Outcome(int status, EndReason reason, Optional<DiversionReason> diversion) {
    }

    /** No branch answered within the no-answer timeout. */
    public static final Outcome NO_ANSWER = new Outcome(408, EndReason.NO_ANSWER,
            Optional.of(DiversionReason.NO_ANSWER));
    /** The callee has no registered contact. */
    public static final Outcome UNREGISTERED = new Outcome(480, EndReason.UNAVAILABLE,
            Optional.of(DiversionReason.UNREGISTERED));

    private FinalResponses() {
    }

    /**
     * The outcome for the final statuses of every branch (a transaction timeout counts as 408): a global failure
     * (6xx) first (603 declines, any other 6xx is busy everywhere), then 486 (busy), then any other 4xx but
     * 408/480, then 5xx, and 408/480 last (nobody answered). 3xx, 401 and 407 are not relayed: Parley does not follow
     * redirects nor forward the callee's challenges to the caller, so they count as 480.
     */
    public static Outcome choose(List<Integer> statuses) {
        int best = 0;
        int bestRank = Integer.MAX_VALUE;
        for (int raw : statuses) {
            int status = raw < 400 || raw == 401 || raw == 407 ? 480 : raw;
            int rank = rank(status);
            if (rank < bestRank) {
                best = status;
                bestRank = rank;
            }
        }
        return outcome(best == 0 ? 480 : best);
    }

    private static int rank(int status) {
        if (status >= 600) {
            return 0;
        }
        if (status == 486) {
            return 1;
        }
        if (status == 408 || status == 480) {
            return 4;
        }
        return status < 500 ? 2 : 3;
    }

    private static Outcome outcome(int status) {
        return switch (status) {
            case 486, 600 -> new Outcome(486, EndReason.BUSY, Optional.of(DiversionReason.BUSY));
            case 603 -> new Outcome(603, EndReason.DECLINED, Optional.empty());
            case 408 -> new Outcome(408, EndReason.NO_ANSWER, Optional.of(DiversionReason.NO_ANSWER));
            case 480 -> new Outcome(480, EndReason.UNAVAILABLE, Optional.of(DiversionReason.NO_ANSWER));
            case 404 -> new Outcome(404, EndReason.NOT_FOUND, Optional.empty());
            default -> new Outcome(status >= 500 && status < 600 ? 503 : status, EndReason.FAILED, Optional.empty());
        };
    }
}
