package dev.parley.itests.peers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import dev.parley.itests.support.FreePorts;

/**
 * SIPp calls through Parley: a SIPp UAS registers as {@value #CALLEE} (register-auth.xml, digest), then answers on
 * the registered contact (uas-answer.xml: 180, 200, waits for the BYE); a SIPp UAC calls it as two other users
 * (uac-invite-auth.xml: INVITE, 407, INVITE with Proxy-Authorization, 200, ACK, one second, BYE).
 */
public class SippCallIT extends CallPeerSupport {

    private static final String CALLEE = "sippcallee";
    private static final List<String> CALLERS = List.of("sippcaller1", "sippcaller2");
    private static final int CALLS = 4;
    private static final Duration SIPP_TIMEOUT = Duration.ofSeconds(90);

    @Test
    public void sippUacCallsARegisteredSippUasThroughParleyWithDigestAuthentication() throws Exception {
        Path sipp = PeerProcess.requireBinary("sipp", "sip-tester");
        Path work = Files.createTempDirectory("parley-sipp-call-");
        executeCommand("parley:account-add " + CALLEE + " callee-secret");
        StringBuilder callers = new StringBuilder("SEQUENTIAL\n");
        for (String caller : CALLERS) {
            executeCommand("parley:account-add " + caller + " " + caller + "-secret");
            callers.append(caller).append(";[authentication username=").append(caller).append(" password=")
                    .append(caller).append("-secret]\n");
        }
        Files.writeString(work.resolve("callers.csv"), callers, StandardCharsets.US_ASCII);
        Files.writeString(work.resolve("callee.csv"), "SEQUENTIAL\n" + CALLEE + ";[authentication username="
                + CALLEE + " password=callee-secret]\n", StandardCharsets.US_ASCII);
        Path register = PeerProcess.copyResource("/sipp/register-auth.xml", work);
        Path answer = PeerProcess.copyResource("/sipp/uas-answer.xml", work);
        Path call = PeerProcess.copyResource("/sipp/uac-invite-auth.xml", work);
        int uasPort = FreePorts.udpAndTcp(26060);
        int uacPort = FreePorts.udpAndTcp(uasPort + 1);
        String parley = HOST + ":" + sipPort();

        // the UAS's port registers first (SIPp cannot both send a REGISTER and take new calls in one run)
        PeerProcess.Result registered = PeerProcess.run(work, SIPP_TIMEOUT, List.of(sipp.toString(),
                "-sf", register.toString(), "-inf", "callee.csv", "-key", "domain", DOMAIN, "-auth_uri", DOMAIN,
                "-i", HOST, "-p", Integer.toString(uasPort), "-m", "1", "-nostdin", "-timeout", "30s",
                "-timeout_error", "-default_behaviors", "all,-bye", parley));
        assertEquals("sipp register exit code\n" + registered.output(), 0, registered.exitCode());

        Path uasOutput = work.resolve("uas.out");
        Process uas = new ProcessBuilder(sipp.toString(), "-sf", answer.toString(), "-i", HOST,
                "-p", Integer.toString(uasPort), "-m", Integer.toString(CALLS), "-nostdin", "-timeout", "80s",
                "-timeout_error", "-trace_err", "-error_file", "uas-errors.log")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(uasOutput.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            PeerProcess.Result calls = PeerProcess.run(work, SIPP_TIMEOUT, List.of(sipp.toString(),
                    "-sf", call.toString(), "-inf", "callers.csv", "-s", CALLEE, "-key", "domain", DOMAIN,
                    "-auth_uri", CALLEE + "@" + DOMAIN, "-i", HOST, "-p", Integer.toString(uacPort),
                    "-m", Integer.toString(CALLS), "-r", "2", "-d", "1000", "-nostdin", "-timeout", "60s",
                    "-timeout_error", "-trace_stat", "-stf", "stat.csv", "-trace_err", "-error_file",
                    "uac-errors.log", parley));
            assertEquals("sipp uac exit code (0: every call succeeded)\n" + read(work.resolve("uac-errors.log"))
                    + calls.output(), 0, calls.exitCode());
            assertEquals("successful calls", Integer.toString(CALLS),
                    PeerProcess.sippStatistic(work.resolve("stat.csv"), "SuccessfulCall(C)"));
            assertEquals("failed calls", "0", PeerProcess.sippStatistic(work.resolve("stat.csv"), "FailedCall(C)"));
            assertTrue("the UAS ends once it answered " + CALLS + " calls",
                    uas.waitFor(SIPP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            assertEquals("sipp uas exit code\n" + read(work.resolve("uas-errors.log")) + read(uasOutput), 0,
                    uas.exitValue());
        } finally {
            uas.destroyForcibly();
        }

        for (String caller : CALLERS) {
            awaitLine("parley:call-history " + caller, List.of("OUTGOING", "sip:" + CALLEE + "@" + DOMAIN,
                    "CALLER_HUNG_UP"), DEFAULT_TIMEOUT);
        }
        String calleeHistory = awaitLine("parley:call-history " + CALLEE,
                List.of("INCOMING", "sip:" + CALLERS.get(0) + "@" + DOMAIN, "CALLER_HUNG_UP"), DEFAULT_TIMEOUT);
        assertEquals("the callee's history holds every call:\n" + calleeHistory, CALLS,
                calleeHistory.lines().filter(line -> line.contains("INCOMING")).count());
        assertTrue("no call left active", executeCommand("parley:calls").contains("No active calls"));
    }

    private static String read(Path file) throws Exception {
        return Files.exists(file) ? PeerProcess.readPrintable(file) : "";
    }
}
