package dev.parley.itests.peers;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.KarafDistributionOption;

import dev.parley.itests.support.FreePorts;

/**
 * One headless baresip 1.0.0 (Debian package {@code baresip}) registered to Parley: G.711 only, the microphone is a
 * WAV file ({@code aufile}), the speaker an in-memory bridge ({@code aubridge}), no sound card. It is driven through
 * its {@code ctrl_tcp} module (JSON in netstrings: {@code {"command":"dial","params":"sip:bob@..."}}, the
 * {@code menu} module's commands) and reports its user agent events there ({@code CALL_ESTABLISHED},
 * {@code CALL_RTPESTAB}, {@code CALL_CLOSED}, ...) — only those that happen once the control connection is up.
 */
final class BaresipPeer implements AutoCloseable {

    /**
     * The container option its tests need: MD5 challenges only. baresip 1.0.0 (libre) gives up on a 401/407 as soon
     * as one of its challenges names an algorithm it does not know, even when an MD5 challenge comes first.
     */
    static Option md5DigestOnly() {
        return KarafDistributionOption.editConfigurationFilePut("etc/dev.parley.sip.cfg", "digest.algorithms", "MD5");
    }

    /** baresip quits by itself after this long, should a test die without closing it. */
    private static final int LIFETIME_SECONDS = 300;
    private static final Duration CONTROL_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path log;
    private final Socket control;
    private final List<String> messages = new ArrayList<>();
    private int token;

    private BaresipPeer(Process process, Path log, Socket control) {
        this.process = process;
        this.log = log;
        this.control = control;
        Thread reader = new Thread(this::readMessages, "baresip-ctrl " + log.getParent().getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts baresip in {@code home} (its config directory) with one account {@code user@domain} that registers
     * through the outbound proxy {@code host:port} (Parley) with digest {@code password}.
     */
    static BaresipPeer start(Path baresip, Path home, String user, String password, String domain, String host,
            int port, Path microphone, boolean autoAnswer) throws IOException, InterruptedException {
        return start(baresip, home, user, password, domain, host, port, microphone, autoAnswer, false);
    }

    /**
     * As above; with {@code mwi} baresip's {@code mwi} module subscribes to the account's {@code message-summary}
     * after each successful REGISTER and reports every NOTIFY body as an {@code MWI_NOTIFY} event.
     */
    static BaresipPeer start(Path baresip, Path home, String user, String password, String domain, String host,
            int port, Path microphone, boolean autoAnswer, boolean mwi) throws IOException, InterruptedException {
        Files.createDirectories(home);
        int sipPort = sipPort(25560 + Math.floorMod(user.hashCode(), 200) * 2);
        int controlPort = FreePorts.tcp(0);
        Files.writeString(home.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen " + host + ":" + sipPort,
                "net_interface " + host,
                "call_local_timeout 60",
                "audio_source aufile," + microphone,
                "audio_player aubridge,speaker-" + user,
                "audio_alert aubridge,alert-" + user,
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module aufile.so",
                "module aubridge.so",
                "module_tmp uuid.so",
                "module_tmp account.so",
                "module_app menu.so",
                "module_app ctrl_tcp.so",
                mwi ? "module_app mwi.so" : "",
                "ctrl_tcp_listen " + host + ":" + controlPort, ""), StandardCharsets.US_ASCII);
        Files.writeString(home.resolve("accounts"), "<sip:" + user + "@" + domain + ";transport=udp>;auth_user="
                + user + ";auth_pass=" + password + ";outbound=\"sip:" + host + ":" + port + ";transport=udp\""
                + ";regint=600;mwi=" + (mwi ? "yes" : "no") + ";answermode=" + (autoAnswer ? "auto" : "manual") + "\n",
                StandardCharsets.US_ASCII);
        Path log = home.resolve("baresip.log");
        Process process = new ProcessBuilder(baresip.toString(), "-f", home.toString(), "-t",
                Integer.toString(LIFETIME_SECONDS))
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new BaresipPeer(process, log, connect(host, controlPort, process, log));
    }

    /** A UDP+TCP port whose successor is free too: baresip also opens TLS on the SIP port + 1. */
    private static int sipPort(int from) {
        int port = FreePorts.udpAndTcp(from);
        while (FreePorts.tcp(port + 1) != port + 1) {
            port = FreePorts.udpAndTcp(port + 2);
        }
        return port;
    }

    private static Socket connect(String host, int port, Process process, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CONTROL_CONNECT_TIMEOUT.toNanos();
        while (true) {
            try {
                return new Socket(host, port);
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("baresip's ctrl_tcp did not open " + host + ":" + port + ":\n"
                            + PeerProcess.readPrintable(log), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Sends a command of baresip's menu module ({@code dial}, {@code hangup}, {@code quit}, ...). */
    synchronized void command(String command, String params) throws IOException {
        String json = "{\"command\":\"" + escape(command) + "\",\"params\":\"" + escape(params) + "\",\"token\":\""
                + ++token + "\"}";
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = control.getOutputStream();
        out.write((payload.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(payload);
        out.write(',');
        out.flush();
    }

    /** Waits for an event {@code type} (e.g. {@code CALL_ESTABLISHED}); fails with baresip's log if none comes. */
    void awaitEvent(String type, Duration timeout) throws InterruptedException, IOException {
        awaitEvent(type, "", timeout);
    }

    /**
     * Waits for an event {@code type} whose JSON contains {@code text} and returns that JSON, with the solidus
     * unescaped (baresip writes {@code 1\/0} for {@code 1/0}).
     */
    String awaitEvent(String type, String text, Duration timeout) throws InterruptedException, IOException {
        String wanted = "\"type\":\"" + type + "\"";
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (messages) {
            while (true) {
                for (String message : messages) {
                    String unescaped = message.replace("\\/", "/");
                    if (unescaped.contains(wanted) && unescaped.contains(text)) {
                        return unescaped;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no baresip event " + type + " with '" + text + "' within " + timeout
                            + "; events:\n" + String.join("\n", messages) + "\nlog:\n" + log());
                }
                messages.wait(left);
            }
        }
    }

    String log() throws IOException {
        return PeerProcess.readPrintable(log);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            command("quit", "");
        } catch (IOException e) {
            // already gone
        }
        control.close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Reads netstrings ({@code <length>:<json>,}) until the connection closes. */
    private void readMessages() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(control.getInputStream()))) {
            while (true) {
                int length = 0;
                for (int c = in.read(); c != ':'; c = in.read()) {
                    if (c < '0' || c > '9') {
                        throw new EOFException("not a netstring length: " + c);
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                in.read(); // the trailing ','
                synchronized (messages) {
                    messages.add(new String(payload, StandardCharsets.UTF_8));
                    messages.notifyAll();
                }
            }
        } catch (IOException e) {
            // the connection closed: baresip quit
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
