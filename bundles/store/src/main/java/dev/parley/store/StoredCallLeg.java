package dev.parley.store;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One dialog of a call, Parley's side of it (RFC 3261 section 12): what it takes to send and recognise requests in
 * it after a restart.
 *
 * @param sipCallId the dialog's Call-ID
 * @param localAddress Parley's side as a name-addr (the From of Parley's requests)
 * @param localTag Parley's tag
 * @param remoteAddress the peer's side as a name-addr (the To of Parley's requests)
 * @param remoteTag the peer's tag
 * @param remoteTarget the peer's Contact URI
 * @param routeSet the route set, first hop first, each a name-addr on one line
 * @param transport the transport Parley's requests use
 * @param localCSeq the CSeq of the last request Parley sent in the dialog
 * @param remoteCSeq the CSeq of the last request the peer sent (0 when none yet)
 * @param localSdp the session description Parley last sent on this leg, or {@code null}
 * @param flowTransport the transport of the peer's flow (RFC 5626: where Parley's requests to it go, over its own
 *        connection for TCP and WebSocket), or {@code null} when they go to the remote target
 * @param flowSource the flow's {@code host:port} (as a binding's source), {@code null} with {@code flowTransport}
 */
public record StoredCallLeg(String sipCallId, String localAddress, String localTag, String remoteAddress,
        String remoteTag, String remoteTarget, List<String> routeSet, String transport, long localCSeq,
        long remoteCSeq, @Nullable String localSdp, @Nullable String flowTransport, @Nullable String flowSource) {

    public StoredCallLeg {
        routeSet = List.copyOf(routeSet);
    }

    /** A leg without a flow: Parley's requests go to the remote target. */
    public StoredCallLeg(String sipCallId, String localAddress, String localTag, String remoteAddress,
            String remoteTag, String remoteTarget, List<String> routeSet, String transport, long localCSeq,
            long remoteCSeq, @Nullable String localSdp) {
        this(sipCallId, localAddress, localTag, remoteAddress, remoteTag, remoteTarget, routeSet, transport, localCSeq,
                remoteCSeq, localSdp, null, null);
    }
}
