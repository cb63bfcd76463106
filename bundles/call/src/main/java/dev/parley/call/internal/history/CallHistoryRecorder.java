package dev.parley.call.internal.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.CallDirection;
import dev.parley.api.call.CallRecord;
import dev.parley.api.call.CallService;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.SipAddress;
import dev.parley.api.server.ServerInfo;
import dev.parley.store.CallHistoryStore;

/**
 * Writes the call history from {@link CallService#TOPIC_ENDED} events: one entry for each party in a local domain
 * (the caller's OUTGOING, the callee's INCOMING), both in one store write; a party of a foreign domain has no
 * history here. The store keys entries by owner and call, so an event delivered twice leaves one entry per party.
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=" + CallService.TOPIC_ENDED)
public final class CallHistoryRecorder implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CallHistoryRecorder.class);

    private final CallHistoryStore store;
    private final ServerInfo server;

    @Activate
    public CallHistoryRecorder(@Reference CallHistoryStore store, @Reference ServerInfo server) {
        this.store = store;
        this.server = server;
    }

    @Override
    public void handleEvent(Event event) {
        List<CallRecord> entries;
        try {
            entries = entries(event);
        } catch (RuntimeException e) {
            LOG.warn("Ignored a {} event that does not describe an ended call: {}", event.getTopic(), e.getMessage());
            return;
        }
        if (!entries.isEmpty()) {
            store.save(entries); // both parties' entries in one store write
            LOG.debug("Call {} recorded in {} histories", entries.get(0).callId(), entries.size());
        }
    }

    /** The history entries an ended-call event makes; fails on a missing or malformed property. */
    List<CallRecord> entries(Event event) {
        String callId = text(event, CallService.PROPERTY_CALL_ID);
        SipAddress caller = SipAddress.parse(text(event, CallService.PROPERTY_CALLER));
        SipAddress callee = SipAddress.parse(text(event, CallService.PROPERTY_CALLEE));
        Instant started = instant(event, CallService.PROPERTY_STARTED);
        Instant answered = event.containsProperty(CallService.PROPERTY_ANSWERED)
                ? instant(event, CallService.PROPERTY_ANSWERED)
                : null;
        Instant ended = instant(event, CallService.PROPERTY_ENDED);
        EndReason reason = EndReason.valueOf(text(event, CallService.PROPERTY_REASON));
        List<CallRecord> entries = new ArrayList<>(2);
        if (server.isLocalDomain(caller.domain())) {
            entries.add(new CallRecord(callId, caller, CallDirection.OUTGOING, caller, callee, started, answered,
                    ended, reason));
        }
        if (server.isLocalDomain(callee.domain())) {
            entries.add(new CallRecord(callId, callee, CallDirection.INCOMING, caller, callee, started, answered,
                    ended, reason));
        }
        return entries;
    }

    private static String text(Event event, String name) {
        return required(event, name).toString();
    }

    /** Epoch milliseconds, as any number type (EventAdmin keeps what the poster put). */
    private static Instant instant(Event event, String name) {
        if (required(event, name) instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        throw new IllegalArgumentException("property " + name + " is not a number of epoch milliseconds");
    }

    private static Object required(Event event, String name) {
        Object value = event.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("property " + name + " is missing");
        }
        return value;
    }
}
