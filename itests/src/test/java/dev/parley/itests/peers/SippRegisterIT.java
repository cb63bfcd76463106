package dev.parley.itests.peers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Test;

import dev.parley.itests.support.FreePorts;
import dev.parley.itests.support.ParleyKarafTestSupport;

/**
 * SIPp registers several accounts created through the shell, with digest authentication
 * ({@code src/test/resources/sipp/register-auth.xml}: REGISTER, 401, REGISTER with credentials, 200).
 */
public class SippRegisterIT extends ParleyKarafTestSupport {

    private static final int USERS = 5;
    private static final Duration SIPP_TIMEOUT = Duration.ofSeconds(90);

    @Test
    public void sippRegistersEveryUserWithDigestAuthentication() throws Exception {
        Path sipp = PeerProcess.requireBinary("sipp", "sip-tester");
        waitForServiceReference("dev.parley.api.registration.RegistrationService", DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.sip.spi.SipCore", DEFAULT_TIMEOUT);
        Path work = Files.createTempDirectory("parley-sipp-");
        StringBuilder users = new StringBuilder("SEQUENTIAL\n");
        for (int i = 1; i <= USERS; i++) {
            String user = "sipp" + i;
            String password = "sipp-secret-" + i;
            executeCommand("parley:account-add " + user + " " + password);
            users.append(user).append(";[authentication username=").append(user).append(" password=")
                    .append(password).append("]\n");
        }
        Files.writeString(work.resolve("users.csv"), users, StandardCharsets.US_ASCII);
        Path scenario = PeerProcess.copyResource("/sipp/register-auth.xml", work);
        int sippPort = FreePorts.udpAndTcp(25060);

        PeerProcess.Result result = PeerProcess.run(work, SIPP_TIMEOUT, List.of(sipp.toString(),
                "-sf", scenario.toString(), "-inf", "users.csv", "-key", "domain", DOMAIN, "-auth_uri", DOMAIN,
                "-i", HOST, "-p", Integer.toString(sippPort), "-m", Integer.toString(USERS), "-r", "10",
                "-nostdin", "-timeout", "60s", "-timeout_error", "-default_behaviors", "all,-bye",
                "-trace_stat", "-stf", "stat.csv", "-trace_err", "-error_file", "errors.log",
                HOST + ":" + sipPort()));

        String errors = Files.exists(work.resolve("errors.log")) ? Files.readString(work.resolve("errors.log"),
                StandardCharsets.ISO_8859_1) : "";
        assertEquals("sipp exit code (0: every call succeeded)\n" + errors + result.output(), 0, result.exitCode());
        assertEquals("successful registrations", Integer.toString(USERS),
                PeerProcess.sippStatistic(work.resolve("stat.csv"), "SuccessfulCall(C)"));
        assertEquals("failed registrations", "0",
                PeerProcess.sippStatistic(work.resolve("stat.csv"), "FailedCall(C)"));
        for (int i = 1; i <= USERS; i++) {
            String registrations = executeCommand("parley:registrations sipp" + i);
            String contact = "sip:sipp" + i + "@" + HOST + ":" + sippPort;
            assertTrue("binding " + contact + " in:\n" + registrations, registrations.contains(contact));
        }
    }
}
