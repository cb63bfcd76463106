package dev.parley.media.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** The address put in SDP answers, chosen the way dev.parley.sip chooses its Via and Contact host. */
final class AdvertisedAddress {

    private AdvertisedAddress() {
    }

    static String resolve(String configured, String bindAddress) {
        if (!configured.isBlank()) {
            return configured.strip();
        }
        if (!bindAddress.isBlank() && !"0.0.0.0".equals(bindAddress) && !"::".equals(bindAddress)) {
            return bindAddress.strip();
        }
        return firstNonLoopbackIpv4();
    }

    private static String firstNonLoopbackIpv4() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }
}
