package dev.parley.sip.internal;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Monotonic traffic counters of the SIP core, cheap to bump from many worker threads. */
final class Counters {
    static final String REQUESTS_RECEIVED = "requests.received";
    static final String RESPONSES_SENT = "responses.sent";
    static final String HANDLER_FAILURES = "handler.failures";
    /** UDP datagrams refused on arrival because the queue before the workers was too old (overload). */
    static final String DATAGRAMS_REFUSED = "udp.datagrams.refused";
    /** Retransmitted requests dropped because the original is still being worked on (RFC 3261 section 17.2.2). */
    static final String RETRANSMISSIONS_ABSORBED = "udp.retransmissions.absorbed";
    /** Retransmitted requests answered again from the response cache. */
    static final String RETRANSMISSIONS_ANSWERED = "udp.retransmissions.answered";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    void increment(String name) {
        counters.computeIfAbsent(name, key -> new LongAdder()).increment();
    }

    void requestReceived(String method) {
        increment(REQUESTS_RECEIVED);
        increment(REQUESTS_RECEIVED + "." + method);
    }

    void responseSent(int status) {
        increment(RESPONSES_SENT);
        increment(RESPONSES_SENT + "." + status / 100 + "xx");
    }

    long get(String name) {
        LongAdder adder = counters.get(name);
        return adder == null ? 0 : adder.sum();
    }

    SortedMap<String, Long> snapshot() {
        SortedMap<String, Long> snapshot = new TreeMap<>();
        counters.forEach((name, adder) -> snapshot.put(name, adder.sum()));
        return snapshot;
    }
}
