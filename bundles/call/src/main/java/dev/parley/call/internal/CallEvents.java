package dev.parley.call.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.call.CallService;

/** Posts the {@code parley/call/*} events (asynchronously) with the properties {@link CallService} names. */
public final class CallEvents {

    static final String PROPERTY_TIMESTAMP = "timestamp";

    private final EventAdmin eventAdmin;

    public CallEvents(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    /** Posts {@code topic} for the session's current state; {@code extra} adds party/target properties. */
    public void post(String topic, CallSession session, Map<String, Object> extra) {
        eventAdmin.postEvent(new Event(topic, properties(session, extra)));
    }

    static Map<String, Object> properties(CallSession session, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put(CallService.PROPERTY_CALL_ID, session.id());
        properties.put(CallService.PROPERTY_CALLER, session.caller().uri());
        properties.put(CallService.PROPERTY_CALLEE, session.callee().uri());
        properties.put(CallService.PROPERTY_STATE, session.state().name());
        properties.put(CallService.PROPERTY_STARTED, session.started().toEpochMilli());
        Instant answered = session.answered();
        if (answered != null) {
            properties.put(CallService.PROPERTY_ANSWERED, answered.toEpochMilli());
        }
        Instant ended = session.ended();
        if (ended != null) {
            properties.put(CallService.PROPERTY_ENDED, ended.toEpochMilli());
        }
        if (session.endReason() != null) {
            properties.put(CallService.PROPERTY_REASON, session.endReason().name());
        }
        properties.put(PROPERTY_TIMESTAMP, System.currentTimeMillis());
        return properties;
    }
}
