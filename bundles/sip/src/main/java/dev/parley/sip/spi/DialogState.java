package dev.parley.sip.spi;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * What Parley keeps of a dialog itself (in its store) to send requests in it without the stack's {@code Dialog}
 * object: so a dialog outlives a restart of the bundle that owns it, or of Karaf. See
 * {@link SipCore#createRequest(DialogState, String, long)}.
 *
 * @param callId the dialog's Call-ID
 * @param localAddress our side as a name-addr, the From of our requests ({@code "Alice" <sip:alice@example.org>})
 * @param localTag our tag
 * @param remoteAddress the peer's side as a name-addr, the To of our requests
 * @param remoteTag the peer's tag; {@code null} for the initial request of a dialog (or a request outside any)
 * @param remoteTarget the peer's Contact URI, the Request-URI of our requests
 * @param routeSet the Route set (RFC 3261 section 12.1), each value a name-addr, first hop first
 * @param transport the transport our requests use ({@code udp}, {@code tcp}, {@code ws}, ...)
 * @param flow where the peer's messages came from (a binding's transport and source, a SUBSCRIBE's
 *        {@link SipCore#source}): our requests are sent there, over the peer's own connection for TCP and
 *        WebSocket, while the Request-URI stays {@code remoteTarget} (RFC 5626 section 5.3, RFC 7118 section 5).
 *        So a client behind NAT, or a browser with a {@code .invalid} contact, can be reached. {@code null}: sent
 *        where the Request-URI leads. A non-empty route set (Path, Record-Route) wins over the flow.
 */
public record DialogState(String callId, String localAddress, String localTag, String remoteAddress,
        @Nullable String remoteTag, String remoteTarget, List<String> routeSet, String transport,
        @Nullable RequestSource flow) {

    public DialogState {
        routeSet = List.copyOf(routeSet);
    }

    /** A dialog whose requests go where the Request-URI (or the route set) leads: no {@link #flow()}. */
    public DialogState(String callId, String localAddress, String localTag, String remoteAddress,
            @Nullable String remoteTag, String remoteTarget, List<String> routeSet, String transport) {
        this(callId, localAddress, localTag, remoteAddress, remoteTag, remoteTarget, routeSet, transport, null);
    }

    /** The same dialog with a new remote target (a target refresh: re-INVITE, UPDATE, NOTIFY's Contact). */
    public DialogState withRemoteTarget(String target) {
        return new DialogState(callId, localAddress, localTag, remoteAddress, remoteTag, target, routeSet, transport,
                flow);
    }

    /** The same dialog with its requests sent to {@code flow} ({@code null}: where the Request-URI leads). */
    public DialogState withFlow(@Nullable RequestSource flow) {
        return new DialogState(callId, localAddress, localTag, remoteAddress, remoteTag, remoteTarget, routeSet,
                transport, flow);
    }
}
