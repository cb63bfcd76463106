package dev.parley.call.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.call.CallDiversion;
import dev.parley.api.call.CallTarget;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.LocationService;
import dev.parley.call.internal.sip.CallControl;
import dev.parley.call.internal.sip.CallSetup;
import dev.parley.call.internal.sip.DialogRelay;
import dev.parley.call.internal.sip.OkRetransmissions;
import dev.parley.call.internal.sip.Originator;
import dev.parley.call.internal.sip.SessionTimers;
import dev.parley.call.internal.sip.Signalling;
import dev.parley.call.internal.sip.Transfers;
import dev.parley.sip.spi.SipCore;
import dev.parley.store.CallStore;

/**
 * The B2BUA's machinery, shared by the SIP handler and the {@link dev.parley.api.call.CallService}: the call
 * registry (rebuilt from the store at activation, so answered calls outlive a restart of the bundle), call set-up,
 * in-dialog relaying, call control, click-to-call, transfer, and the timers they need.
 */
@Component(service = CallEngine.class, configurationPid = CallConfig.PID)
@Designate(ocd = CallConfig.class)
public final class CallEngine {
    private static final Logger LOG = LoggerFactory.getLogger(CallEngine.class);

    /** Optional and dynamic (see {@link #bindDiversion}), so it cannot be a constructor parameter. */
    private volatile @Nullable CallDiversion diversion;
    private final List<CallTarget> targets = new CopyOnWriteArrayList<>();

    private volatile CallConfig config;
    private final ScheduledExecutorService timers;
    private final CallRegistry registry;
    private final OkRetransmissions oks;
    private final CallSetup setup;
    private final DialogRelay relay;
    private final CallControl control;
    private final Originator originator;
    private final Transfers transfers;
    private final SessionTimers sessionTimers;
    /** The periodic audit of calls past max.call.duration; rescheduled when the duration changes. */
    private @Nullable ScheduledFuture<?> audit;

    @Activate
    public CallEngine(@Reference SipCore sip, @Reference CallStore store, @Reference EventAdmin eventAdmin,
            @Reference LocationService location, CallConfig config) {
        this.config = config;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("parley-call-timers");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timers = executor;
        Signalling signalling = new Signalling(sip);
        this.registry = new CallRegistry(store, new CallEvents(eventAdmin), Clock.systemUTC());
        this.oks = new OkRetransmissions(timers, sip.provider(), this::noAck);
        this.sessionTimers = new SessionTimers(sip, registry, timers, () -> this.config,
                session -> control().end(session, EndReason.SESSION_EXPIRED));
        this.setup = new CallSetup(signalling, registry, oks, timers, () -> this.config.no_answer_timeout(),
                () -> Optional.ofNullable(diversion), sessionTimers, location::lookup,
                () -> this.config.max_redirections());
        this.transfers = new Transfers(signalling, registry, setup, location::lookup);
        this.relay = new DialogRelay(signalling, registry, oks, transfers, sessionTimers);
        this.control = new CallControl(signalling, registry, setup, relay);
        this.originator = new Originator(signalling, registry, setup, timers, () -> this.config.no_answer_timeout(),
                location::lookup);
        int restored = registry.load();
        scheduleAudit();
        LOG.info("Call service started; {} answered calls restored from the store", restored);
    }

    private synchronized void scheduleAudit() {
        ScheduledFuture<?> previous = audit;
        if (previous != null) {
            previous.cancel(false);
        }
        long period = SessionTimers.auditPeriodMillis(config);
        audit = timers.scheduleWithFixedDelay(sessionTimers::audit, period, period, TimeUnit.MILLISECONDS);
    }

    /** Diversion may come and go; the highest-ranked service is used (DS picks it, greedily). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindDiversion")
    void bindDiversion(CallDiversion service) {
        this.diversion = service;
    }

    void unbindDiversion(CallDiversion service) {
        if (this.diversion == service) {
            this.diversion = null;
        }
    }

    /** Services answering addresses without an account, such as a voicemail access number. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindTarget")
    void bindTarget(CallTarget target) {
        targets.add(target);
    }

    void unbindTarget(CallTarget target) {
        targets.remove(target);
    }

    /** Whether a {@link CallTarget} claims {@code address}: it is called although it has no account. */
    public boolean serves(SipAddress address) {
        return targets.stream().anyMatch(target -> target.serves(address));
    }

    @Modified
    void modified(CallConfig changed) {
        this.config = changed;
        scheduleAudit();
        LOG.info("Call configuration applied: no answer after {} s, {} calls per user, inbound unauthenticated {}, "
                + "session interval {} s (min {} s), max call duration {} s", changed.no_answer_timeout(),
                changed.max_calls_per_user(), changed.inbound_unauthenticated(), changed.session_expires(),
                changed.min_se(), changed.max_call_duration());
    }

    /**
     * Calls being set up are refused (503) and their branches cancelled: their transactions die with this
     * component. Answered calls stay in the store and are picked up by the next activation.
     */
    @Deactivate
    void deactivate() {
        for (CallSession session : registry.active()) {
            if (!session.isAnswered()) {
                setup.abort(session, Response.SERVICE_UNAVAILABLE, EndReason.FAILED);
            }
        }
        oks.stopAll();
        timers.shutdownNow();
        LOG.info("Call service stopped");
    }

    /** No ACK came for a 2xx Parley sent: the dialog is dead, so the call ends (RFC 3261 section 13.3.1.4). */
    private void noAck(String key) {
        String[] parts = key.split("\n");
        CallSession session = parts.length == 3 ? registry.byDialog(parts[0], parts[1]) : null;
        if (session != null && session.isAnswered()) {
            try {
                control.hangUp(session.id());
            } catch (ParleyException e) {
                LOG.debug("Call {} ended meanwhile", session.id());
            }
        }
    }

    public CallConfig config() {
        return config;
    }

    public CallRegistry registry() {
        return registry;
    }

    public SessionTimers sessionTimers() {
        return sessionTimers;
    }

    public CallSetup setup() {
        return setup;
    }

    public DialogRelay relay() {
        return relay;
    }

    public CallControl control() {
        return control;
    }

    public Originator originator() {
        return originator;
    }

    public Transfers transfers() {
        return transfers;
    }
}
