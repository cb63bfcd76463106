package dev.parley.store;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The SIP dialog of a stored subscription, as the notifier needs it to send NOTIFYs after a restart: the same
 * fields as the SIP core's {@code DialogState}, which this bundle does not depend on.
 *
 * @param callId the dialog's Call-ID
 * @param localAddress our side as a name-addr (From of our NOTIFYs)
 * @param localTag our tag
 * @param remoteAddress the subscriber's side as a name-addr (To of our NOTIFYs)
 * @param remoteTag the subscriber's tag
 * @param remoteTarget the subscriber's Contact URI
 * @param routeSet the route set, first hop first
 * @param transport the transport NOTIFYs go out on
 * @param flowTransport the transport of the subscriber's flow (RFC 5626: where NOTIFYs go, over its own connection
 *        for TCP and WebSocket), or {@code null} when they go to the remote target
 * @param flowSource the flow's {@code host:port}, {@code null} with {@code flowTransport}
 */
public record SubscriptionDialog(String callId, String localAddress, String localTag, String remoteAddress,
        String remoteTag, String remoteTarget, List<String> routeSet, String transport, @Nullable String flowTransport,
        @Nullable String flowSource) {

    public SubscriptionDialog {
        routeSet = List.copyOf(routeSet);
    }

    /** A dialog without a flow: NOTIFYs go to the remote target. */
    public SubscriptionDialog(String callId, String localAddress, String localTag, String remoteAddress,
            String remoteTag, String remoteTarget, List<String> routeSet, String transport) {
        this(callId, localAddress, localTag, remoteAddress, remoteTag, remoteTarget, routeSet, transport, null, null);
    }
}
