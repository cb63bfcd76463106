package dev.parley.sip.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.text.ParseException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

import gov.nist.javax.sip.Utils;

import dev.parley.sip.spi.DialogState;

/** Builds the Via, Contact and in-dialog requests of what Parley sends itself (as a UAC: B2BUA legs, NOTIFY). */
final class OutgoingRequests {

    private static final Set<String> TARGET_REFRESHING = Set.of(Request.INVITE, Request.UPDATE, Request.SUBSCRIBE,
            Request.NOTIFY, Request.REFER);
    private static final int MAX_FORWARDS = 70;

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;

    OutgoingRequests(MessageFactory messages, HeaderFactory headers, AddressFactory addresses) {
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
    }

    ViaHeader via(String host, int port, String transport) {
        try {
            ViaHeader via = headers.createViaHeader(host, port, transport.toUpperCase(Locale.ROOT),
                    Utils.getInstance().generateBranchId());
            via.setRPort();
            return via;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalArgumentException("cannot build a Via for " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    ContactHeader contact(String user, String host, int port, String transport) {
        try {
            SipURI uri = addresses.createSipURI(user.isEmpty() ? null : user, host);
            uri.setPort(port);
            if (!"udp".equalsIgnoreCase(transport)) {
                uri.setTransportParam(transport.toLowerCase(Locale.ROOT));
            }
            return headers.createContactHeader(addresses.createAddress(uri));
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot build a Contact for " + host + ": " + e.getMessage(), e);
        }
    }

    Request inDialog(DialogState dialog, String method, long cseq, ViaHeader via, ContactHeader contact)
            throws ParseException {
        try {
            Address from = addresses.createAddress(dialog.localAddress());
            Address to = addresses.createAddress(dialog.remoteAddress());
            Request request = messages.createRequest(addresses.createURI(dialog.remoteTarget()), method,
                    headers.createCallIdHeader(dialog.callId()), headers.createCSeqHeader(cseq, method),
                    headers.createFromHeader(from, dialog.localTag()), headers.createToHeader(to, dialog.remoteTag()),
                    List.of(via), headers.createMaxForwardsHeader(MAX_FORWARDS));
            for (String route : dialog.routeSet()) {
                request.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
            }
            if (TARGET_REFRESHING.contains(method)) {
                request.setHeader(contact);
            }
            return request;
        } catch (InvalidArgumentException e) {
            throw new ParseException("invalid CSeq " + cseq + " for " + method + ": " + e.getMessage(), 0);
        }
    }

    /**
     * The address to advertise for a bind address: itself, or for a wildcard the host's first non-loopback IPv4
     * address (loopback when there is none), so that peers can send back to it.
     */
    static String advertisedHost(String bindAddress, String configured) {
        if (!configured.isBlank()) {
            return configured.trim();
        }
        if (!"0.0.0.0".equals(bindAddress) && !"::".equals(bindAddress)) {
            return bindAddress;
        }
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback: the host's interfaces cannot be listed
        }
        return "127.0.0.1";
    }
}
