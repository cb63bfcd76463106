package dev.parley.call.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.account.AccountService;
import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.call.JoinedCalls;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;

/** {@link CallService} over the B2BUA's calls. */
@Component
public final class CallServiceImpl implements CallService {

    private final CallEngine engine;
    private final AccountService accounts;
    private final ConferenceBridge conferences;

    @Activate
    public CallServiceImpl(@Reference CallEngine engine, @Reference AccountService accounts,
            @Reference ConferenceBridge conferences) {
        this.engine = engine;
        this.accounts = accounts;
        this.conferences = conferences;
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
        engine.transfers().transfer(callId, transferor, target);
    }

    @Override
    public void forward(String callId, SipAddress target) {
        if (accounts.find(target).isEmpty()) {
            throw new ParleyException(ParleyError.NOT_FOUND, "no account " + target);
        }
        engine.setup().forward(callId, target);
    }

    @Override
    public Call originate(SipAddress from, SipAddress to) {
        for (SipAddress party : new SipAddress[] { from, to }) {
            if (accounts.find(party).isEmpty()) {
                throw new ParleyException(ParleyError.NOT_FOUND, "no account " + party);
            }
        }
        return engine.originator().originate(from, to);
    }

    @Override
    public JoinedCalls join(String callIdA, String callIdB) {
        return conferences.join(callIdA, callIdB);
    }
}
