package dev.parley.call.internal.sip;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.call.internal.CallConfig;
import dev.parley.call.internal.CallRegistry;
import dev.parley.call.internal.CallSession;
import dev.parley.call.internal.CallSession.Side;
import dev.parley.call.internal.SessionTimer;
import dev.parley.sip.spi.SipCore;

/**
 * Session timers (RFC 4028) across the B2BUA, so that no call stays up for ever when a BYE is lost. The caller's
 * Session-Expires (at least {@code min.se}, else 422) or {@code session.expires} is offered to the callee with
 * {@code Supported: timer}. The refresher is chosen at the answer: the caller when it supports timers (its refreshes
 * are relayed, so they refresh the callee's leg too), else the callee when its 2xx took {@code refresher=uas}; when
 * neither party refreshes, no timer runs and {@link #audit} ends the call after {@code max.call.duration}. A
 * successful re-INVITE or UPDATE from either party re-arms the timer; without one the call is ended (BYE on both
 * legs, {@code SESSION_EXPIRED}) at the interval minus min(32 s, interval/3), as RFC 4028 section 10 asks of the
 * side that does not refresh.
 */
public final class SessionTimers {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTimers.class);
    static final String SESSION_EXPIRES = "Session-Expires";
    private static final String SESSION_EXPIRES_COMPACT = "x";
    static final String MIN_SE = "Min-SE";
    public static final String TIMER = "timer";
    static final int INTERVAL_TOO_SMALL = 422;
    /** A callee's Min-SE is followed up to a day; more is taken for a broken peer. */
    private static final long LONGEST_INTERVAL = 86_400;

    private final SipCore sip;
    private final CallRegistry registry;
    private final ScheduledExecutorService timers;
    private final Supplier<CallConfig> config;
    private final Consumer<CallSession> expired;

    /** {@code expired} ends a call (under its lock) whose session expired or outlasted the maximum duration. */
    public SessionTimers(SipCore sip, CallRegistry registry, ScheduledExecutorService timers,
            Supplier<CallConfig> config, Consumer<CallSession> expired) {
        this.sip = sip;
        this.registry = registry;
        this.timers = timers;
        this.config = config;
        this.expired = expired;
    }

    /** 422 with Min-SE for an INVITE whose Session-Expires is below {@code min.se}; {@code null} when acceptable. */
    public @Nullable Response tooSmall(Request invite) throws ParseException {
        long asked = seconds(invite);
        int minSe = config.get().min_se();
        if (asked <= 0 || asked >= minSe) {
            return null;
        }
        Response response = sip.createResponse(INTERVAL_TOO_SMALL, "Session Interval Too Small", invite);
        response.setHeader(sip.headerFactory().createHeader(MIN_SE, Integer.toString(minSe)));
        return response;
    }

    /** Remembers what the caller's INVITE asked for. */
    void requested(CallSession session, Request invite) {
        session.sessionTimer().requested(seconds(invite), hasTag(invite, SupportedHeader.NAME)
                || hasTag(invite, RequireHeader.NAME));
    }

    /** Adds the session timer to an INVITE towards the callee; the callee refreshes unless the caller can. */
    void offer(CallSession session, Request invite) throws ParseException {
        SessionTimer timer = session.sessionTimer();
        HeaderFactory headers = sip.headerFactory();
        invite.addHeader(headers.createSupportedHeader(TIMER));
        invite.setHeader(headers.createHeader(SESSION_EXPIRES,
                interval(timer) + (timer.callerSupportsTimer() ? "" : ";refresher=uas")));
        invite.setHeader(headers.createHeader(MIN_SE, Integer.toString(config.get().min_se())));
    }

    /**
     * A callee answered 422: true when its Min-SE is above the interval offered (and sane), which is then raised to
     * it for the retry (RFC 4028 section 7.3).
     */
    boolean raise(CallSession session, Response tooSmall) {
        long minSe = minSe(tooSmall);
        if (minSe <= interval(session.sessionTimer()) || minSe > LONGEST_INTERVAL) {
            return false;
        }
        session.sessionTimer().raise(minSe);
        return true;
    }

    /**
     * The callee answered with {@code ok}: chooses the refresher, arms the timer and returns the headers the
     * caller's 2xx needs (Session-Expires and Require when the caller refreshes).
     */
    List<Header> answered(CallSession session, Response ok) throws ParseException {
        SessionTimer timer = session.sessionTimer();
        long answeredSeconds = seconds(ok);
        long interval = answeredSeconds > 0 ? answeredSeconds : interval(timer);
        List<Header> toCaller = new ArrayList<>();
        if (timer.callerSupportsTimer()) {
            // never more than the caller asked for, even when the callee's Min-SE raised its leg's interval
            long callers = timer.requestedSeconds() > 0 ? Math.min(interval, timer.requestedSeconds()) : interval;
            timer.negotiated(Side.CALLER, callers);
            toCaller.add(sip.headerFactory().createHeader(SESSION_EXPIRES, callers + ";refresher=uac"));
            toCaller.add(sip.headerFactory().createRequireHeader(TIMER));
        } else if (answeredSeconds > 0 && "uas".equals(refresher(ok))) {
            timer.negotiated(Side.CALLEE, interval);
        } else {
            return toCaller; // nobody refreshes: the maximum call duration guards the call
        }
        arm(session);
        return toCaller;
    }

    /**
     * A re-INVITE or UPDATE ({@code refresh}) from {@code sender} succeeded; {@code toSender} is the 2xx relayed back
     * to it. A refresh that names its sender the refresher (Session-Expires without {@code refresher=uas}) sets the
     * interval, which is how a call restored after a restart learns its timer again. Re-arms the timer and, when the
     * sender is the refresher, confirms the interval to it (RFC 4028 section 9).
     */
    void refreshed(CallSession session, Side sender, Request refresh, Response toSender) throws ParseException {
        SessionTimer timer = session.sessionTimer();
        long asked = seconds(refresh);
        if (asked > 0 && !"uas".equals(refresher(refresh))
                && (timer.refresher() == null || timer.refresher() == sender)) {
            timer.negotiated(sender, asked);
        }
        if (timer.refresher() == null) {
            return;
        }
        if (timer.refresher() == sender) {
            toSender.setHeader(sip.headerFactory().createHeader(SESSION_EXPIRES,
                    timer.intervalSeconds() + ";refresher=uac"));
            toSender.setHeader(sip.headerFactory().createRequireHeader(TIMER));
        }
        arm(session);
    }

    private void arm(CallSession session) {
        long intervalMs = session.sessionTimer().intervalSeconds() * 1000;
        long delay = intervalMs - Math.min(32_000, intervalMs / 3);
        session.sessionTimer().arm(timers.schedule(() -> expire(session), delay, TimeUnit.MILLISECONDS));
    }

    private void expire(CallSession session) {
        synchronized (session) {
            if (session.isEnded()) {
                return;
            }
            LOG.info("Call {}: no session refresh within {} s, ending it", session.id(),
                    session.sessionTimer().intervalSeconds());
            expired.accept(session);
        }
    }

    /** Ends answered calls without a session timer that outlasted {@code max.call.duration} (0: no limit). */
    public void audit() {
        int maxSeconds = config.get().max_call_duration();
        if (maxSeconds <= 0) {
            return;
        }
        Instant oldest = registry.clock().instant().minus(Duration.ofSeconds(maxSeconds));
        for (CallSession session : registry.active()) {
            synchronized (session) {
                Instant answered = session.answered();
                if (!session.isEnded() && answered != null && !session.sessionTimer().armed()
                        && !answered.isAfter(oldest)) {
                    LOG.info("Call {} ended: longer than max.call.duration ({} s) without session timers",
                            session.id(), maxSeconds);
                    expired.accept(session);
                }
            }
        }
    }

    /** How often {@link #audit} runs: a quarter of the maximum duration, between 1 s and 60 s. */
    public static long auditPeriodMillis(CallConfig config) {
        long quarter = config.max_call_duration() * 250L;
        return Math.max(1_000, Math.min(60_000, quarter));
    }

    private long interval(SessionTimer timer) {
        long asked = timer.requestedSeconds();
        long chosen = asked > 0 ? asked : Math.max(config.get().session_expires(), config.get().min_se());
        return Math.max(chosen, timer.raisedSeconds());
    }

    /** The delta-seconds of Session-Expires (long or compact form); 0 when absent or malformed. */
    static long seconds(Message message) {
        return deltaSeconds(value(message, SESSION_EXPIRES, SESSION_EXPIRES_COMPACT));
    }

    /** The Min-SE of a message (a 422); 0 when absent or malformed. */
    static long minSe(Message message) {
        return deltaSeconds(value(message, MIN_SE));
    }

    /** The refresher parameter of Session-Expires ({@code uac}, {@code uas}), or {@code null}. */
    static @Nullable String refresher(Message message) {
        String value = value(message, SESSION_EXPIRES, SESSION_EXPIRES_COMPACT);
        if (value == null) {
            return null;
        }
        for (String parameter : value.split(";")) {
            String[] pair = parameter.split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("refresher")) {
                return pair[1].trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static long deltaSeconds(@Nullable String value) {
        if (value == null) {
            return 0;
        }
        int semicolon = value.indexOf(';');
        try {
            return Long.parseLong((semicolon < 0 ? value : value.substring(0, semicolon)).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The value of the first of {@code names} the message has, or {@code null}. */
    private static @Nullable String value(Message message, String... names) {
        for (String name : names) {
            Header header = message.getHeader(name);
            if (header != null) {
                String encoded = header.toString().trim();
                return encoded.substring(encoded.indexOf(':') + 1).trim();
            }
        }
        return null;
    }

    private static boolean hasTag(Message message, String headerName) {
        for (Iterator<?> it = message.getHeaders(headerName); it.hasNext();) {
            String encoded = it.next().toString();
            for (String tag : encoded.substring(encoded.indexOf(':') + 1).split(",")) {
                if (tag.trim().equalsIgnoreCase(TIMER)) {
                    return true;
                }
            }
        }
        return false;
    }
}
