package dev.parley.presence.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.server.ServerInfo;

/**
 * "On the phone": a local party of an answered call is in a call until it ends. Driven by the call events; whenever
 * the call service is bound (at activation if it is there, or when it comes back), its established calls (it
 * persists them) replace what this bundle knew: a restart of this bundle during a call loses nothing, and a call
 * whose ENDED event was missed stops showing.
 */
// immediate: EventAdmin would create it only at the next call event, and the calls in progress would show only then
@Component(service = EventHandler.class, immediate = true, property = {
        EventConstants.EVENT_TOPIC + "=" + CallService.TOPIC_ANSWERED,
        EventConstants.EVENT_TOPIC + "=" + CallService.TOPIC_ENDED })
public final class CallActivityListener implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CallActivityListener.class);

    private final PresenceView view;
    private final ServerInfo server;
    private final Clock clock;

    @Activate
    public CallActivityListener(@Reference PresenceView view, @Reference ServerInfo server) {
        this(view, server, Clock.systemUTC());
    }

    CallActivityListener(PresenceView view, ServerInfo server, Clock clock) {
        this.view = view;
        this.server = server;
        this.clock = clock;
    }

    /** Optional: the call feature may not be installed. Its calls in progress are taken in when it appears. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCallService(CallService calls) {
        Map<SipAddress, Map<String, Instant>> established = new HashMap<>();
        for (Call call : calls.activeCalls()) {
            if (call.state() == CallState.ESTABLISHED || call.state() == CallState.HELD) {
                Instant answered = call.answered() == null ? clock.instant() : call.answered();
                for (SipAddress party : List.of(call.caller(), call.callee())) {
                    if (server.isLocalDomain(party.domain())) {
                        established.computeIfAbsent(party, p -> new HashMap<>()).put(call.id(), answered);
                    }
                }
            }
        }
        view.callsAre(established);
    }

    void unbindCallService(CallService calls) {
        // the calls taken in end with their ENDED events, or at the next binding if those are missed
    }

    @Override
    public void handleEvent(Event event) {
        String callId = (String) event.getProperty(CallService.PROPERTY_CALL_ID);
        if (callId == null) {
            return;
        }
        boolean answered = CallService.TOPIC_ANSWERED.equals(event.getTopic());
        Instant when = answered ? instant(event.getProperty(CallService.PROPERTY_ANSWERED)) : null;
        for (String property : new String[] { CallService.PROPERTY_CALLER, CallService.PROPERTY_CALLEE }) {
            SipAddress party = localParty(event.getProperty(property));
            if (party != null) {
                if (answered) {
                    started(party, callId, when);
                } else {
                    view.callEnded(party, callId);
                }
            }
        }
    }

    private void started(SipAddress party, String callId, @Nullable Instant answered) {
        if (server.isLocalDomain(party.domain())) {
            view.callStarted(party, callId, answered == null ? clock.instant() : answered);
        }
    }

    private @Nullable SipAddress localParty(@Nullable Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        try {
            SipAddress party = SipAddress.parse(text);
            return server.isLocalDomain(party.domain()) ? party : null;
        } catch (ParleyException e) {
            LOG.debug("Ignoring call party {}: {}", text, e.getMessage());
            return null;
        }
    }

    private @Nullable Instant instant(@Nullable Object epochMillis) {
        return epochMillis instanceof Number number ? Instant.ofEpochMilli(number.longValue()) : null;
    }
}
