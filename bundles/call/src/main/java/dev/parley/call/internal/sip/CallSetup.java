package dev.parley.call.internal.sip;

import java.text.ParseException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.CallDiversion;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.call.DivertedCall;
import dev.parley.api.call.DivertedSession;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.call.internal.Branch;
import dev.parley.call.internal.CallRegistry;
import dev.parley.call.internal.CallerSide;
import dev.parley.call.internal.CallSession;
import dev.parley.call.internal.ContactGroups;
import dev.parley.call.internal.FinalResponses;
import dev.parley.call.internal.FinalResponses.Outcome;
import dev.parley.call.internal.Leg;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipResponseListener;

/**
 * Setting a call up: the caller's INVITE is forked to the callee's contacts, group by group (RFC 3261 section
 * 16.6), provisional answers are relayed, the first 2xx wins and the other branches are cancelled; without an
 * answer the call is offered to a {@link CallDiversion} service or refused with the best failure of the branches.
 */
public final class CallSetup {
    private static final Logger LOG = LoggerFactory.getLogger(CallSetup.class);

    private final Signalling signalling;
    private final CallRegistry registry;
    private final OkRetransmissions oks;
    private final ScheduledExecutorService timers;
    private final IntSupplier noAnswerSeconds;
    private final Supplier<Optional<CallDiversion>> diversion;
    private final SessionTimers sessionTimers;
    private final Function<SipAddress, List<Binding>> location;
    private final IntSupplier maxRedirections;

    public CallSetup(Signalling signalling, CallRegistry registry, OkRetransmissions oks,
            ScheduledExecutorService timers, IntSupplier noAnswerSeconds,
            Supplier<Optional<CallDiversion>> diversion, SessionTimers sessionTimers,
            Function<SipAddress, List<Binding>> location, IntSupplier maxRedirections) {
        this.signalling = signalling;
        this.registry = registry;
        this.oks = oks;
        this.timers = timers;
        this.noAnswerSeconds = noAnswerSeconds;
        this.diversion = diversion;
        this.sessionTimers = sessionTimers;
        this.location = location;
        this.maxRedirections = maxRedirections;
    }

    /** Starts a call the handler authorized: 100 Trying, then the first group of contacts (none: unregistered). */
    public void start(RequestEvent event, SipAddress caller, SipAddress callee, List<Binding> contacts)
            throws ParseException, SipException, InvalidArgumentException {
        Request invite = event.getRequest();
        ServerTransaction transaction = signalling.sip().serverTransaction(event);
        FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) invite.getHeader(ToHeader.NAME);
        Leg callerLeg = new Leg(((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(),
                to.getAddress().toString(), signalling.newTag(), from.getAddress().toString(), from.getTag(),
                Signalling.contactUri(invite, from.getAddress().getURI().toString()), Signalling.recordRoutes(invite),
                signalling.sip().source(event).transport(), 0, cseq(invite));
        callerLeg.setFlow(signalling.sip().source(event));
        CallSession session = new CallSession(UUID.randomUUID().toString(), caller, callee,
                registry.clock().instant(), callerLeg, CallState.INITIATING);
        synchronized (session) {
            sessionTimers.requested(session, invite);
            session.setCallerSide(new InviteCaller(signalling, oks, transaction, invite, callerLeg));
            transaction.sendResponse(signalling.response(Response.TRYING, null, invite, callerLeg));
            registry.add(session, branchOf(invite));
            begin(session, contacts);
        }
    }

    /**
     * Click-to-call, once the first party answered (RFC 3725 flow I): its offer goes to the callee's contacts and
     * the answer back in the ACK, through {@code caller}.
     */
    public void startOriginated(CallSession session, CallerSide caller, List<Binding> contacts) {
        synchronized (session) {
            session.setCallerSide(caller);
            registry.add(session, null);
            begin(session, contacts);
        }
    }

    private void begin(CallSession session, List<Binding> contacts) {
        LOG.debug("Call {} from {} to {}: {} contacts", session.id(), session.caller(), session.callee(),
                contacts.size());
        if (contacts.isEmpty()) {
            finish(session, FinalResponses.UNREGISTERED);
            return;
        }
        session.nextGroups().addAll(ContactGroups.byQ(contacts));
        session.setNoAnswerTimer(timers.schedule(() -> noAnswer(session), noAnswerTimeout(session.callee()).toMillis(),
                TimeUnit.MILLISECONDS));
        forkNextGroup(session);
    }

    /** The callee's own no-answer timeout from the diversion service (voicemail settings), else the configured one. */
    private Duration noAnswerTimeout(SipAddress callee) {
        Optional<Duration> own;
        try {
            own = diversion.get().flatMap(service -> service.noAnswerTimeout(callee));
        } catch (RuntimeException e) {
            LOG.warn("Call diversion service failed to give the no-answer timeout of {}", callee, e);
            own = Optional.empty();
        }
        return own.filter(timeout -> !timeout.isNegative() && !timeout.isZero())
                .orElseGet(() -> Duration.ofSeconds(noAnswerSeconds.getAsInt()));
    }

    /**
     * Deflects a call still ringing to {@code target}: every branch is cancelled and the target's contacts are called
     * instead (none: the target is unregistered, so diversion or 480). Fails once the call was answered.
     */
    public void forward(String callId, SipAddress target) {
        CallSession session = registry.find(callId)
                .orElseThrow(() -> new ParleyException(ParleyError.NO_SUCH_CALL, "no active call " + callId));
        synchronized (session) {
            if (session.isAnswered() || session.isEnded() || session.callerSide() == null) {
                throw new ParleyException(ParleyError.INVALID_STATE, "call " + callId + " is no longer ringing");
            }
            retarget(session, target);
        }
    }

    /** Sends the call to {@code target} in place of the callee, unless it was redirected too often already. */
    private void retarget(CallSession session, SipAddress target) {
        cancelBranches(session.branches(), null, session.id());
        session.nextGroups().clear();
        session.failures().clear();
        if (session.retarget(target) > maxRedirections.getAsInt()) {
            LOG.info("Call {}: too many redirections, the last to {}", session.id(), target);
            finish(session, FinalResponses.choose(List.of(Response.LOOP_DETECTED)));
            return;
        }
        LOG.debug("Call {} goes to {} instead", session.id(), target);
        begin(session, location.apply(target));
    }

    /**
     * A 3xx of a branch: the first Contact that is a user with registered contacts here becomes the callee; other
     * contacts (a foreign address, a device URI) are not followed, so a redirection cannot relay a call outside.
     */
    private void redirected(CallSession session, Branch branch, Response response) {
        if (session.isAnswered() || session.isEnded()) {
            branch.setFinished();
            return;
        }
        for (Iterator<?> it = response.getHeaders(ContactHeader.NAME); it.hasNext();) {
            if (((ContactHeader) it.next()).getAddress().getURI() instanceof SipURI uri && uri.getUser() != null) {
                SipAddress target;
                try {
                    target = new SipAddress(uri.getUser(), uri.getHost());
                } catch (ParleyException e) {
                    continue;
                }
                if (!location.apply(target).isEmpty()) {
                    branch.setFinished();
                    retarget(session, target);
                    return;
                }
            }
        }
        failed(session, branch, response.getStatusCode());
    }

    /** The caller's CANCEL (matched by its Via branch): 200 to it, 487 to the INVITE, every branch cancelled. */
    public void cancel(RequestEvent event) throws ParseException {
        Request cancel = event.getRequest();
        CallSession session = registry.byInviteBranch(branchOf(cancel));
        if (session == null) {
            signalling.sip().respond(event, signalling.sip().createResponse(481, cancel));
            return;
        }
        signalling.sip().respond(event, signalling.sip().createResponse(Response.OK, cancel));
        synchronized (session) {
            if (session.isAnswered() || session.isEnded()) {
                return; // too late: the INVITE has its final answer (RFC 3261 section 9.2)
            }
            LOG.debug("Call {} cancelled by the caller", session.id());
            cancelBranches(session.branches(), null, session.id());
            rejectCaller(session, Response.REQUEST_TERMINATED);
            registry.end(session, EndReason.CANCELLED);
        }
    }

    /** Ends a call still being set up (an operator's hang-up, a deactivation): branches cancelled, caller refused. */
    public void abort(CallSession session, int status, EndReason reason) {
        synchronized (session) {
            if (session.isAnswered() || session.isEnded()) {
                return;
            }
            cancelBranches(session.branches(), null, session.id());
            rejectCaller(session, status);
            registry.end(session, reason);
        }
    }

    private void noAnswer(CallSession session) {
        synchronized (session) {
            if (session.isAnswered() || session.isEnded()) {
                return;
            }
            LOG.debug("Call {}: no answer in time", session.id());
            cancelBranches(session.branches(), null, session.id());
            finish(session, FinalResponses.NO_ANSWER);
        }
    }

    /** Forks to the next group of contacts that can be tried; with none left the call fails. */
    private void forkNextGroup(CallSession session) {
        while (!session.nextGroups().isEmpty()) {
            int started = 0;
            for (Binding contact : session.nextGroups().poll()) {
                if (startBranch(session, contact)) {
                    started++;
                }
            }
            if (started > 0) {
                return;
            }
        }
        finish(session, FinalResponses.choose(session.failures()));
    }

    private boolean startBranch(CallSession session, Binding contact) {
        CallerSide caller = session.callerSide();
        Leg callerLeg = session.callerLeg();
        if (caller == null) {
            return false;
        }
        // the callee sees the call as coming from the caller: From and To as the caller's leg has them, reversed
        String to = caller.calleeAddress();
        Leg leg = new Leg(signalling.newCallId(), callerLeg.dialog().remoteAddress(), signalling.newTag(),
                to != null ? to : callerLeg.dialog().localAddress(), null, contact.contact(), contact.path(),
                contact.transport(), 0, 0);
        try {
            leg.setFlow(RequestSource.parse(contact.transport(), contact.source()));
            Request request = signalling.request(leg, Request.INVITE);
            request.setHeader(signalling.sip().headerFactory().createMaxForwardsHeader(caller.maxForwards()));
            Signalling.copyBody(caller.offer(), request);
            sessionTimers.offer(session, request);
            leg.setLocalSdp(Signalling.body(caller.offer()));
            ClientTransaction transaction = signalling.sip().provider().getNewClientTransaction(request);
            Branch branch = new Branch(transaction, leg, contact.contact());
            transaction.setApplicationData(new BranchListener(session, branch, contact));
            session.branches().add(branch);
            transaction.sendRequest();
            return true;
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.info("Call {}: contact {} not reachable: {}", session.id(), contact.contact(), e.getMessage());
            session.failures().add(Response.SERVICE_UNAVAILABLE);
            return false;
        }
    }

    /** Answers of one branch. */
    private final class BranchListener implements SipResponseListener {
        private final CallSession session;
        private final Branch branch;
        private final Binding contact;

        BranchListener(CallSession session, Branch branch, Binding contact) {
            this.session = session;
            this.branch = branch;
            this.contact = contact;
        }

        @Override
        public void processResponse(ResponseEvent event) throws ParseException, SipException,
                InvalidArgumentException {
            Response response = event.getResponse();
            int status = response.getStatusCode();
            synchronized (session) {
                if (status < 200) {
                    provisional(session, branch, response);
                } else if (status < 300) {
                    answered(session, branch, event);
                } else if (status < 400) {
                    redirected(session, branch, response);
                } else if (status == SessionTimers.INTERVAL_TOO_SMALL && !session.isAnswered() && !session.isEnded()
                        && !branch.cancelWanted() && sessionTimers.raise(session, response)) {
                    branch.setFinished(); // the contact again, with the larger interval it asked for (RFC 4028)
                    if (!startBranch(session, contact)) {
                        failed(session, branch, status);
                    }
                } else {
                    failed(session, branch, status);
                }
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            synchronized (session) {
                failed(session, branch, Response.REQUEST_TIMEOUT);
            }
        }
    }

    private void provisional(CallSession session, Branch branch, Response response)
            throws ParseException, SipException, InvalidArgumentException {
        if (cancelling(branch, session.id())) {
            return;
        }
        CallerSide caller = session.callerSide();
        int status = response.getStatusCode();
        if (status == Response.TRYING || caller == null || session.isAnswered()) {
            return;
        }
        caller.provisional(response);
        CallState next = Signalling.body(response) != null ? CallState.EARLY_MEDIA : CallState.RINGING;
        if (session.state() == CallState.INITIATING
                || session.state() == CallState.RINGING && next == CallState.EARLY_MEDIA) {
            session.setState(next);
            registry.events().post(CallService.TOPIC_RINGING, session, Map.of());
        }
    }

    private void answered(CallSession session, Branch branch, ResponseEvent event)
            throws ParseException, SipException, InvalidArgumentException {
        branch.setFinished();
        Response response = event.getResponse();
        CallerSide caller = session.callerSide();
        if (branch.leg() == session.calleeLeg()) {
            signalling.reAck(branch.leg(), cseq(response)); // the winner's 2xx again: our ACK was lost
            return;
        }
        if (session.isAnswered() || session.isEnded() || caller == null) {
            LOG.debug("Call {}: late answer from {} closed", session.id(), branch.contact());
            signalling.refuseAnswer(branch.leg(), event);
            return;
        }
        Leg calleeLeg = branch.leg();
        Signalling.confirm(calleeLeg, response);
        session.answer(calleeLeg, registry.clock().instant());
        registry.index(session, calleeLeg);
        cancelBranches(session.branches(), branch, session.id());
        long inviteCSeq = cseq(response);
        if (Signalling.body(caller.offer()) != null) {
            signalling.ack(calleeLeg, inviteCSeq, null);
        } else {
            session.oweAck(CallSession.Side.CALLEE, inviteCSeq); // the callee's offer is answered in the caller's ACK
        }
        session.callerLeg().setLocalSdp(Signalling.body(response));
        caller.answered(response, sessionTimers.answered(session, response));
        session.clearSetup();
        registry.persist(session);
        LOG.debug("Call {} answered by {}", session.id(), branch.contact());
        registry.events().post(CallService.TOPIC_ANSWERED, session, Map.of());
    }

    private void failed(CallSession session, Branch branch, int status) {
        branch.setFinished();
        if (session.isAnswered() || session.isEnded() || branch.cancelWanted()) {
            return; // a branch Parley cancelled (another answered, the call was forwarded) says nothing
        }
        session.failures().add(status);
        if (status >= 600) {
            // a global failure ends the search (RFC 3261 section 16.7 step 5)
            cancelBranches(session.branches(), branch, session.id());
            finish(session, FinalResponses.choose(session.failures()));
        } else if (session.branches().stream().allMatch(b -> b.finished() || b.cancelWanted())) {
            forkNextGroup(session);
        }
    }

    /** No contact answered: divert if a service takes the call, else refuse it with the outcome's status. */
    private void finish(CallSession session, Outcome outcome) {
        if (outcome.diversion().isPresent() && divert(session, outcome)) {
            return;
        }
        rejectCaller(session, outcome.status());
        registry.end(session, outcome.reason());
    }

    private boolean divert(CallSession session, Outcome outcome) {
        Optional<CallDiversion> service = diversion.get();
        CallerSide caller = session.callerSide();
        if (service.isEmpty() || caller == null || !caller.divertible()) {
            return false;
        }
        String offer = Signalling.body(caller.offer());
        Optional<DivertedSession> taken;
        try {
            taken = service.get().divert(new DivertedCall(session.id(), session.caller(), session.callee(),
                    outcome.diversion().orElseThrow(), offer == null ? "" : offer));
        } catch (RuntimeException e) {
            LOG.warn("Call diversion service failed for call {}", session.id(), e);
            return false;
        }
        if (taken.isEmpty()) {
            return false;
        }
        try {
            caller.diverted(taken.get().sdpAnswer());
        } catch (ParseException | SipException | InvalidArgumentException e) {
            LOG.warn("Call {}: the diverted answer could not be sent: {}", session.id(), e.getMessage());
            taken.get().ended();
            return false;
        }
        session.divertTo(taken.get(), registry.clock().instant());
        session.clearSetup();
        LOG.debug("Call {} diverted ({})", session.id(), outcome.diversion().orElseThrow());
        registry.events().post(CallService.TOPIC_ANSWERED, session, Map.of());
        return true;
    }

    private void rejectCaller(CallSession session, int status) {
        CallerSide caller = session.callerSide();
        if (caller != null) {
            caller.rejected(status);
        }
        session.clearSetup();
    }

    /** CANCELs every unfinished branch but {@code keep}; one not yet provisional is cancelled when it becomes so. */
    void cancelBranches(List<Branch> branches, @Nullable Branch keep, String callId) {
        for (Branch branch : branches) {
            if (branch != keep && !branch.finished() && !branch.cancelWanted()) {
                branch.setCancelWanted();
                if (branch.provisional()) {
                    sendCancel(branch, callId);
                }
            }
        }
    }

    /**
     * Records a provisional response of {@code branch}; true when the branch is being cancelled, whose CANCEL goes
     * out now if it waited for this first provisional response (RFC 3261 section 9.1).
     */
    boolean cancelling(Branch branch, String callId) {
        boolean first = !branch.provisional();
        branch.setProvisional();
        if (branch.cancelWanted() && first) {
            sendCancel(branch, callId);
        }
        return branch.cancelWanted();
    }

    private void sendCancel(Branch branch, String callId) {
        try {
            Request cancel = branch.transaction().createCancel();
            signalling.send(cancel, event -> {
            });
        } catch (SipException | RuntimeException e) {
            LOG.debug("Call {}: CANCEL to {} not sent: {}", callId, branch.contact(), e.getMessage());
        }
    }

    static long cseq(javax.sip.message.Message message) {
        return ((CSeqHeader) message.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    static String branchOf(Request request) {
        String branch = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getBranch();
        return branch == null ? "" : branch;
    }
}
