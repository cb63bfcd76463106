package dev.parley.itests.peers;

import java.time.Duration;
import java.util.List;

import org.junit.Before;

import dev.parley.itests.support.ParleyKarafTestSupport;

/** What the call tests with real peers share: Parley's call service up, and shell output awaited. */
public abstract class CallPeerSupport extends ParleyKarafTestSupport {

    /** The call commands and services come a moment after the SIP core. */
    @Before
    public void waitForCallService() throws Exception {
        waitForServiceReference("dev.parley.api.registration.RegistrationService", DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.api.call.CallService", DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.api.call.CallHistoryService", DEFAULT_TIMEOUT);
        waitForCommand("parley", "calls", DEFAULT_TIMEOUT);
        waitForCommand("parley", "call-history", DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code command} until one line of its output contains every one of {@code parts} (the call history is
     * written from an asynchronous event) and returns that output; fails with the last output after {@code timeout}.
     */
    protected String awaitLine(String command, List<String> parts, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String output;
        do {
            output = executeCommand(command);
            if (output.lines().anyMatch(line -> parts.stream().allMatch(line::contains))) {
                return output;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no line with " + parts + " in the output of " + command + " within " + timeout
                + ":\n" + output);
    }
}
