package dev.parley.call.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.api.call.DiversionReason;
import dev.parley.api.call.EndReason;
import dev.parley.call.internal.FinalResponses.Outcome;

class FinalResponsesTest {

    @Test
    void busyWinsOverNoAnswerAndOtherClientErrors() {
        Outcome outcome = FinalResponses.choose(List.of(408, 486, 488));

        assertEquals(new Outcome(486, EndReason.BUSY, Optional.of(DiversionReason.BUSY)), outcome);
    }

    @Test
    void aDeclineEndsTheCallAsDeclinedWithoutDiversion() {
        assertEquals(new Outcome(603, EndReason.DECLINED, Optional.empty()), FinalResponses.choose(List.of(486, 603)));
    }

    @Test
    void busyEverywhereIsBusy() {
        assertEquals(486, FinalResponses.choose(List.of(600)).status());
    }

    @Test
    void aClientErrorIsRelayedAsItIs() {
        Outcome outcome = FinalResponses.choose(List.of(480, 488));

        assertEquals(new Outcome(488, EndReason.FAILED, Optional.empty()), outcome);
    }

    @Test
    void serverErrorsBecome503() {
        assertEquals(503, FinalResponses.choose(List.of(500)).status());
    }

    @Test
    void timeoutsAreNoAnswerAndMayBeDiverted() {
        assertEquals(new Outcome(408, EndReason.NO_ANSWER, Optional.of(DiversionReason.NO_ANSWER)),
                FinalResponses.choose(List.of(408, 408)));
    }

    @Test
    void redirectsAndChallengesOfTheCalleeAreNotRelayed() {
        assertEquals(480, FinalResponses.choose(List.of(302, 407, 401)).status());
    }

    @Test
    void noBranchAtAllIsTemporarilyUnavailable() {
        assertEquals(480, FinalResponses.choose(List.of()).status());
    }
}
