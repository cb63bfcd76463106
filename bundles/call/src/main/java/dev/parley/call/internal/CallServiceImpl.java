package dev.parley.call.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;

/** {@link CallService} over the B2BUA's calls. Transfer and click-to-call are not implemented yet and say so. */
@Component
public final class CallServiceImpl implements CallService {

    private final CallEngine engine;

    @Activate
    public CallServiceImpl(@Reference CallEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<Call> activeCalls() {
        return engine.registry().active().stream().map(CallServiceImpl::snapshot).toList();
    }

    @Override
    public List<Call> activeCalls(SipAddress user) {
        return engine.registry().active().stream()
                .filter(session -> session.caller().equals(user) || session.callee().equals(user))
                .map(CallServiceImpl::snapshot).toList();
    }

    @Override
    public Optional<Call> find(String callId) {
        return engine.registry().find(callId).map(CallServiceImpl::snapshot);
    }

    private static Call snapshot(CallSession session) {
        synchronized (session) {
            return session.toCall();
        }
    }

    @Override
    public void hangUp(String callId) {
        engine.control().hangUp(callId);
    }

    @Override
    public void hold(String callId, SipAddress holder) {
        engine.control().hold(callId, holder, true);
    }

    @Override
    public void resume(String callId, SipAddress holder) {
        engine.control().hold(callId, holder, false);
    }

    @Override
    public void sendDtmf(String callId, SipAddress recipient, String digits) {
        engine.control().sendDtmf(callId, recipient, digits);
    }

    @Override
    public void transfer(String callId, SipAddress transferor, SipAddress target) {
        throw new ParleyException(ParleyError.SERVICE_UNAVAILABLE, "Call transfer is not implemented yet");
    }

    @Override
    public Call originate(SipAddress from, SipAddress to) {
        throw new ParleyException(ParleyError.SERVICE_UNAVAILABLE, "Click-to-call (originate) is not implemented yet");
    }
}
