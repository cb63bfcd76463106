package dev.parley.call.internal;

import java.util.List;

import javax.sip.message.Request;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;
import dev.parley.store.StoredCallLeg;

/**
 * One of the two dialogs of a call, Parley's side of it. Mutable; guarded by the lock of its {@link CallSession}.
 * Everything here is persisted once the call is answered, so that requests in the dialog can be built and
 * recognised after a restart.
 */
public final class Leg {

    private final String sipCallId;
    private final String localAddress;
    private final String localTag;
    private final String remoteAddress;
    private @Nullable String remoteTag;
    private String remoteTarget;
    private List<String> routeSet;
    private final String transport;
    private long localCSeq;
    private long remoteCSeq;
    private @Nullable String localSdp;
    /** The last ACK Parley sent for a 2xx in this dialog, re-sent when the 2xx comes again; not persisted. */
    private @Nullable Request lastAck;
    /** Where the peer's messages came from, where Parley's requests go; {@code null}: to the remote target. */
    private @Nullable RequestSource flow;

    public Leg(String sipCallId, String localAddress, String localTag, String remoteAddress, @Nullable String remoteTag,
            String remoteTarget, List<String> routeSet, String transport, long localCSeq, long remoteCSeq) {
        this.sipCallId = sipCallId;
        this.localAddress = localAddress;
        this.localTag = localTag;
        this.remoteAddress = remoteAddress;
        this.remoteTag = remoteTag;
        this.remoteTarget = remoteTarget;
        this.routeSet = List.copyOf(routeSet);
        this.transport = transport;
        this.localCSeq = localCSeq;
        this.remoteCSeq = remoteCSeq;
    }

    public static Leg fromStored(StoredCallLeg stored) {
        Leg leg = new Leg(stored.sipCallId(), stored.localAddress(), stored.localTag(), stored.remoteAddress(),
                stored.remoteTag(), stored.remoteTarget(), stored.routeSet(), stored.transport(), stored.localCSeq(),
                stored.remoteCSeq());
        leg.localSdp = stored.localSdp();
        String flowTransport = stored.flowTransport();
        String flowSource = stored.flowSource();
        if (flowTransport != null && flowSource != null) {
            leg.flow = RequestSource.parse(flowTransport, flowSource);
        }
        return leg;
    }

    public StoredCallLeg toStored() {
        String tag = remoteTag;
        if (tag == null) {
            throw new IllegalStateException("only confirmed dialogs are stored");
        }
        RequestSource toPeer = flow;
        return new StoredCallLeg(sipCallId, localAddress, localTag, remoteAddress, tag, remoteTarget, routeSet,
                transport, localCSeq, remoteCSeq, localSdp, toPeer == null ? null : toPeer.transport(),
                toPeer == null ? null : toPeer.hostPort());
    }

    /** What {@link dev.parley.sip.spi.SipCore#createRequest} needs to build a request in this dialog. */
    public DialogState dialog() {
        return new DialogState(sipCallId, localAddress, localTag, remoteAddress, remoteTag, remoteTarget, routeSet,
                transport, flow);
    }

    /** The CSeq for Parley's next request in the dialog (ACK and CANCEL reuse their INVITE's instead). */
    public long nextCSeq() {
        return ++localCSeq;
    }

    /** The key the call registry finds this dialog by: Call-ID and Parley's tag. */
    public String key() {
        return key(sipCallId, localTag);
    }

    public static String key(String sipCallId, String localTag) {
        return sipCallId + '\n' + localTag;
    }

    /** The dialog is confirmed by the peer's answer: its tag, target and route set (reversed Record-Route). */
    public void confirm(String tag, String target, List<String> routes) {
        this.remoteTag = tag;
        this.remoteTarget = target;
        this.routeSet = List.copyOf(routes);
    }

    /**
     * Records a request the peer sent; false when its CSeq is not above the last one (a stale or reordered
     * request, RFC 3261 section 12.2.2).
     */
    public boolean acceptRemoteCSeq(long cseq) {
        if (cseq <= remoteCSeq) {
            return false;
        }
        remoteCSeq = cseq;
        return true;
    }

    public void setRemoteTarget(String target) {
        this.remoteTarget = target;
    }

    /**
     * Sends Parley's requests in this dialog to {@code flow} (the caller's INVITE source, the callee's REGISTER
     * source) rather than to the remote target: a NATed phone or a WebSocket client is reachable only there.
     */
    public void setFlow(RequestSource flow) {
        this.flow = flow;
    }

    public void setLastAck(Request ack) {
        this.lastAck = ack;
    }

    public @Nullable Request lastAck() {
        return lastAck;
    }

    public void setLocalSdp(@Nullable String sdp) {
        this.localSdp = sdp;
    }

    public @Nullable String localSdp() {
        return localSdp;
    }

    public String sipCallId() {
        return sipCallId;
    }

    public String localTag() {
        return localTag;
    }

    public @Nullable String remoteTag() {
        return remoteTag;
    }

    public String transport() {
        return transport;
    }

    public long localCSeq() {
        return localCSeq;
    }
}
