package dev.parley.sip.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain-socket SIP clients for tests: what a phone would send, without jain-sip on the client side. */
final class SipWire {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:Content-Length|l)\\s*:\\s*(\\d+)");
    private static final int TIMEOUT_MILLIS = 3000;

    private SipWire() {
    }

    /** A port free for both UDP and TCP on loopback (never 5060). */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
                    return port;
                } catch (IOException taken) {
                    // UDP side in use: try another
                }
            }
        }
        throw new IOException("no free port");
    }

    /** True if we can bind the port ourselves on both UDP and TCP, i.e. the server released it. */
    static boolean released(int port) {
        try (ServerSocket tcp = new ServerSocket(port, 1, LOOPBACK);
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String options(String transport, int localPort, String branch) {
        return "OPTIONS sip:example.org SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";rport;branch=z9hG4bK" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@example.org>;tag=t" + branch + "\r\n"
                + "To: <sip:example.org>\r\n"
                + "Call-ID: " + branch + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** Sends one datagram from {@code socket} and returns the answer, or null if none came in time. */
    static String udp(DatagramSocket socket, int port, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.send(new DatagramPacket(bytes, bytes.length, LOOPBACK, port));
        DatagramPacket answer = new DatagramPacket(new byte[65535], 65535);
        try {
            socket.receive(answer);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
    }

    /** Sends over a fresh TCP connection and reads one message back, or null if none came in time. */
    static String tcp(int port, String message) throws IOException {
        try (Socket socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            return readMessage(socket.getInputStream());
        }
    }

    /** One SIP message (or HTTP head) read from a stream; null on timeout or end of stream before any byte. */
    static String readMessage(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return read.size() == 0 ? null : read.toString(StandardCharsets.UTF_8);
                }
                read.write(b);
                String text = read.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    Matcher length = CONTENT_LENGTH.matcher(text);
                    int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
                    if (read.size() >= end + 4 + body) {
                        return text;
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** RFC 7118: HTTP upgrade with the "sip" subprotocol, one masked text frame out, one frame back. */
    static String websocket(int port, String message) throws IOException {
        try (Socket socket = openWebSocket(port)) {
            writeFrame(socket, message);
            return readFrame(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** A WebSocket connection upgraded with the "sip" subprotocol (RFC 7118), reads time out after 3 s. */
    static Socket openWebSocket(int port) throws IOException {
        Socket socket = new Socket(LOOPBACK, port);
        try {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                    + "\r\nSec-WebSocket-Protocol: sip\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String handshake = readMessage(socket.getInputStream());
            if (handshake == null || !handshake.startsWith("HTTP/1.1 101")) {
                throw new IOException("no WebSocket upgrade: " + handshake);
            }
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** One masked text frame, as a client sends it. */
    static void writeFrame(Socket socket, String message) throws IOException {
        socket.getOutputStream().write(frame(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] frame(byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81); // FIN + text
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = { 1, 2, 3, 4 };
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** One unmasked frame, as a server sends it. */
    static String readFrame(InputStream in) throws IOException {
        in.read(); // FIN + opcode
        int length = in.read() & 0x7f; // server frames are not masked
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            throw new IOException("unexpectedly large frame");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
