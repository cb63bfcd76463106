package dev.parley.call.internal.sip;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallState;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.call.internal.Branch;
import dev.parley.call.internal.CallRegistry;
import dev.parley.call.internal.CallSession;
import dev.parley.call.internal.CallerSide;
import dev.parley.call.internal.Leg;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipResponseListener;

/**
 * Click-to-call, RFC 3725 flow I: Parley INVITEs every device of the first party without an offer; the first to
 * answer (with an offer in its 2xx) becomes the caller's leg, and the call to the second party is set up like any
 * other with that offer; the second party's answer goes back in the ACK. The call is known to
 * {@link dev.parley.api.call.CallService} once the first party answered.
 */
public final class Originator {
    private static final Logger LOG = LoggerFactory.getLogger(Originator.class);

    private final Signalling signalling;
    private final CallRegistry registry;
    private final CallSetup setup;
    private final ScheduledExecutorService timers;
    private final IntSupplier noAnswerSeconds;
    private final Function<SipAddress, List<Binding>> location;

    public Originator(Signalling signalling, CallRegistry registry, CallSetup setup, ScheduledExecutorService timers,
            IntSupplier noAnswerSeconds, Function<SipAddress, List<Binding>> location) {
        this.signalling = signalling;
        this.registry = registry;
        this.setup = setup;
        this.timers = timers;
        this.noAnswerSeconds = noAnswerSeconds;
        this.location = location;
    }

    /** Calls {@code from}'s devices; returns the call as it will be known, in state INITIATING. */
    public Call originate(SipAddress from, SipAddress to) {
        List<Binding> devices = location.apply(from);
        if (devices.isEmpty()) {
            throw new ParleyException(ParleyError.TEMPORARILY_UNAVAILABLE, from + " has no registered device");
        }
        Attempt attempt = new Attempt(UUID.randomUUID().toString(), from, to);
        synchronized (attempt) {
            for (Binding device : devices) {
                attempt.call(device);
            }
            if (attempt.branches.isEmpty()) {
                throw new ParleyException(ParleyError.SERVICE_UNAVAILABLE, "no device of " + from + " reachable");
            }
            attempt.timer = timers.schedule(attempt::noAnswer, noAnswerSeconds.getAsInt(), TimeUnit.SECONDS);
        }
        return new Call(attempt.id, from, to, CallState.INITIATING, registry.clock().instant(), null, null, null);
    }

    /** The first party's devices being called; guarded by its own lock. */
    private final class Attempt {
        private final String id;
        private final SipAddress from;
        private final SipAddress to;
        private final List<Branch> branches = new ArrayList<>();
        private boolean done;
        private @Nullable ScheduledFuture<?> timer;

        Attempt(String id, SipAddress from, SipAddress to) {
            this.id = id;
            this.from = from;
            this.to = to;
        }

        /** An INVITE without an offer, from the second party's address so the device shows whom it will reach. */
        void call(Binding device) {
            Leg leg = new Leg(signalling.newCallId(), "<" + to.uri() + ">", signalling.newTag(), "<" + from.uri() + ">",
                    null, device.contact(), device.path(), device.transport(), 0, 0);
            try {
                leg.setFlow(RequestSource.parse(device.transport(), device.source()));
                Request invite = signalling.request(leg, Request.INVITE);
                ClientTransaction transaction = signalling.sip().provider().getNewClientTransaction(invite);
                Branch branch = new Branch(transaction, leg, device.contact());
                transaction.setApplicationData(new DeviceListener(this, branch));
                branches.add(branch);
                transaction.sendRequest();
            } catch (ParseException | SipException | RuntimeException e) {
                LOG.info("Originated call {}: device {} not reachable: {}", id, device.contact(), e.getMessage());
            }
        }

        synchronized void noAnswer() {
            if (!done) {
                done = true;
                LOG.debug("Originated call {}: {} did not answer", id, from);
                setup.cancelBranches(branches, null, id);
            }
        }

        synchronized void response(Branch branch, ResponseEvent event)
                throws ParseException, SipException, InvalidArgumentException {
            Response response = event.getResponse();
            int status = response.getStatusCode();
            if (status < 200) {
                setup.cancelling(branch, id);
                return;
            }
            branch.setFinished();
            if (status >= 300) {
                if (!done && branches.stream().allMatch(Branch::finished)) {
                    done = true;
                    LOG.debug("Originated call {}: {} refused with {}", id, from, status);
                }
                return;
            }
            if (done) {
                signalling.refuseAnswer(branch.leg(), event);
                return;
            }
            done = true;
            ScheduledFuture<?> pending = timer;
            if (pending != null) {
                pending.cancel(false);
            }
            setup.cancelBranches(branches, branch, id);
            answered(branch.leg(), response);
        }

        private void answered(Leg leg, Response response) throws ParseException, SipException {
            Signalling.confirm(leg, response);
            if (Signalling.body(response) == null) {
                // flow I needs the first party's offer in its 2xx
                LOG.info("Originated call {}: {} answered without an offer", id, from);
                signalling.ack(leg, CallSetup.cseq(response), null);
                signalling.bye(leg);
                return;
            }
            CallSession session = new CallSession(id, from, to, registry.clock().instant(), leg,
                    CallState.INITIATING);
            setup.startOriginated(session, new DeviceCaller(leg, response), location.apply(to));
        }
    }

    /** Answers of one device of the first party. */
    private static final class DeviceListener implements SipResponseListener {
        private final Attempt attempt;
        private final Branch branch;

        DeviceListener(Attempt attempt, Branch branch) {
            this.attempt = attempt;
            this.branch = branch;
        }

        @Override
        public void processResponse(ResponseEvent event) throws Exception {
            attempt.response(branch, event);
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            synchronized (attempt) {
                branch.setFinished();
            }
        }
    }

    /** The first party, already answered: its 2xx is ACKed with the second party's answer, or ACKed and hung up. */
    private final class DeviceCaller implements CallerSide {
        private final Leg leg;
        private final Response ok;

        DeviceCaller(Leg leg, Response ok) {
            this.leg = leg;
            this.ok = ok;
        }

        @Override
        public Message offer() {
            return ok;
        }

        @Override
        public int maxForwards() {
            return 70;
        }

        @Override
        public void provisional(Response response) {
            // the first party is in the call already; it hears nothing of the ringing
        }

        @Override
        public void answered(Response response) throws ParseException, SipException {
            signalling.ack(leg, CallSetup.cseq(ok), response);
        }

        @Override
        public boolean divertible() {
            return false;
        }

        @Override
        public void diverted(String sdp) {
            throw new IllegalStateException("an originated call is not diverted");
        }

        @Override
        public void rejected(int status) {
            try {
                signalling.ack(leg, CallSetup.cseq(ok), null);
            } catch (ParseException | SipException e) {
                LOG.debug("ACK to {} not sent: {}", leg.sipCallId(), e.getMessage());
            }
            signalling.bye(leg);
        }
    }
}
