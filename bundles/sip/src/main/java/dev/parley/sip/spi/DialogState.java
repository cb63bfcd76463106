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
 */
public record DialogState(String callId, String localAddress, String localTag, String remoteAddress,
        @Nullable String remoteTag, String remoteTarget, List<String> routeSet, String transport) {

    public DialogState {
        routeSet = List.copyOf(routeSet);
    }

    /** The same dialog with a new remote target (a target refresh: re-INVITE, UPDATE, NOTIFY's Contact). */
    public DialogState withRemoteTarget(String target) {
        return new DialogState(callId, localAddress, localTag, remoteAddress, remoteTag, target, routeSet, transport);
    }
}
