package dev.parley.itests.support;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base of Parley's Pax Exam tests: boots the built distribution (one container per test class, shared by its
 * methods) with SIP on loopback ports of its own and domain {@value #DOMAIN}, and offers shell, feature, bundle,
 * service and configuration helpers. Subclasses add {@code @Test} methods; they run inside the container.
 * <p>
 * System properties read by {@link #config()} (in the Maven JVM): {@code parley.distribution} (the tar.gz, set by the
 * pom), {@code parley.localRepository}, {@code parley.itest.sip.port} / {@code parley.itest.ws.port} (default: the
 * first free ports from 15060 / 15066), {@code parley.itest.keep=true} to keep {@code target/exam/<uuid>}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class ParleyKarafTestSupport {

    /** The domain the container serves. */
    public static final String DOMAIN = "parley.test";
    /** Host the SIP listening points are bound to. */
    public static final String HOST = "127.0.0.1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final String SIP_PORT_PROPERTY = "parley.itest.sip.port";
    private static final String WS_PORT_PROPERTY = "parley.itest.ws.port";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final String[] PARLEY_COMMANDS = { "account-add", "account-list", "account-passwd",
            "account-remove", "registrations", "status" };

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected FeaturesService featuresService;

    @Inject
    protected SessionFactory sessionFactory;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    /** The Pax Exam configuration; subclasses that need more options combine theirs with this one. */
    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        int sipPort = Integer.getInteger(SIP_PORT_PROPERTY, FreePorts.udpAndTcp(15060));
        int wsPort = Integer.getInteger(WS_PORT_PROPERTY, FreePorts.tcp(15066, sipPort));
        String karafVersion = System.getProperty("karaf.version", "4.4.10");
        String localRepository = System.getProperty("parley.localRepository",
                System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
                karafDistributionConfiguration()
                        .frameworkUrl(distributionUrl())
                        .name("Parley")
                        .karafVersion(karafVersion)
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                when(Boolean.getBoolean("parley.itest.keep")).useOptions(keepRuntimeFolder()),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                // SIP on loopback, on ports no other test run uses
                editConfigurationFilePut("etc/dev.parley.sip.cfg", "domains", DOMAIN),
                editConfigurationFilePut("etc/dev.parley.sip.cfg", "bind.address", HOST),
                editConfigurationFilePut("etc/dev.parley.sip.cfg", "udp.port", Integer.toString(sipPort)),
                editConfigurationFilePut("etc/dev.parley.sip.cfg", "tcp.port", Integer.toString(sipPort)),
                editConfigurationFilePut("etc/dev.parley.sip.cfg", "ws.port", Integer.toString(wsPort)),
                systemProperty(SIP_PORT_PROPERTY).value(Integer.toString(sipPort)),
                systemProperty(WS_PORT_PROPERTY).value(Integer.toString(wsPort)),
                // Karaf's own sockets on free ports too, so parallel runs and a running Parley do not collide
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort",
                        Integer.toString(FreePorts.tcp(0))),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        Integer.toString(FreePorts.tcp(0))),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        Integer.toString(FreePorts.tcp(0))),
                // offline: bundles come from the distribution's system/ folder or the local Maven repository
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        localRepository),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.offline", "true"),
                javaModuleOptions(karafVersion),
                vmOption("-Xmx768m"),
        };
    }

    /** Java 9+ flags that bin/karaf passes and Pax Exam does not: without them the container never comes up. */
    private static Option javaModuleOptions(String karafVersion) {
        return composite(
                vmOption("--add-reads=java.xml=java.logging"),
                vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                vmOption("--patch-module"),
                vmOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
                vmOption("--patch-module"),
                vmOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
                vmOption("--add-opens"), vmOption("java.base/java.security=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.net=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.lang=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.util=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
                vmOption("--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED"),
                vmOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
                vmOption("--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED"),
                vmOption("--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED"),
                vmOption("--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED"));
    }

    private static String distributionUrl() {
        String path = System.getProperty("parley.distribution");
        if (path == null || path.isBlank() || !new File(path).isFile()) {
            throw new IllegalStateException("System property parley.distribution must name the built distribution "
                    + "tar.gz (set by itests/pom.xml); got " + path);
        }
        return new File(path).toURI().toString();
    }

    // --- where Parley listens (read inside the container) ------------------------------------------------------

    /** The UDP and TCP port of the container's SIP stack (as configured at boot). */
    protected static int sipPort() {
        return Integer.getInteger(SIP_PORT_PROPERTY);
    }

    /** The WebSocket port of the container's SIP stack (as configured at boot). */
    protected static int wsPort() {
        return Integer.getInteger(WS_PORT_PROPERTY);
    }

    // --- readiness --------------------------------------------------------------------------------------------

    /**
     * Every test starts with Parley up: the SIP core registered and the parley:* commands there. Karaf registers
     * a command only once every service it references is present, a moment after the services themselves.
     */
    @Before
    public void waitForParley() throws Exception {
        waitForServiceReference("dev.parley.sip.spi.SipCore", DEFAULT_TIMEOUT);
        for (String command : PARLEY_COMMANDS) {
            waitForCommand("parley", command, DEFAULT_TIMEOUT);
        }
    }

    /** Waits until the shell command {@code scope:name} is registered; fails the test after {@code timeout}. */
    protected void waitForCommand(String scope, String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sessionFactory.getRegistry().getCommand(scope, name) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No shell command " + scope + ":" + name + " within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    // --- shell ------------------------------------------------------------------------------------------------

    /**
     * Runs a shell command as an administrator and returns what it printed. A failing command (unknown command,
     * exception) fails the test with the command's output.
     */
    protected String executeCommand(String command) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Future<Object> result = executor.submit(() -> asAdmin(() -> {
                Session session = sessionFactory.create(System.in, printStream, printStream);
                try {
                    return session.execute(command);
                } finally {
                    session.close();
                }
            }));
            Object value = result.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            printStream.flush();
            String printed = output.toString(StandardCharsets.UTF_8);
            return value == null || printed.contains(value.toString()) ? printed : printed + value;
        } catch (ExecutionException e) {
            throw new AssertionError("Command '" + command + "' failed: " + e.getCause() + "\n"
                    + output.toString(StandardCharsets.UTF_8), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("Command '" + command + "' did not finish within " + COMMAND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running '" + command + "'", e);
        } finally {
            executor.shutdownNow();
        }
    }

    /** Karaf checks command ACLs against the roles of the calling Subject. */
    @SuppressWarnings("removal")
    private static Object asAdmin(PrivilegedExceptionAction<Object> action) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("itest"));
        subject.getPrincipals().add(new RolePrincipal("admin"));
        subject.getPrincipals().add(new RolePrincipal("manager"));
        subject.getPrincipals().add(new RolePrincipal("viewer"));
        subject.getPrincipals().add(new RolePrincipal("systembundles"));
        return Subject.doAs(subject, action);
    }

    // --- features and bundles ---------------------------------------------------------------------------------

    /**
     * Installs a feature without refreshing other bundles: a refresh would also rewire (and kill) this test's
     * probe bundle.
     */
    protected void installFeature(String name) throws Exception {
        featuresService.installFeature(name, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        assertTrue("feature " + name + " should be installed",
                featuresService.isInstalled(featuresService.getFeature(name)));
    }

    /** Uninstalls a feature without refreshing other bundles (see {@link #installFeature(String)}). */
    protected void uninstallFeature(String name) throws Exception {
        featuresService.uninstallFeature(name, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
    }

    /** The installed bundle with this symbolic name; fails the test if there is none. */
    protected Bundle bundle(String symbolicName) {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No bundle " + symbolicName + " installed"));
    }

    /** Stops and starts a bundle, as an operator's bundle:restart does. */
    protected void restartBundle(String symbolicName) throws BundleException {
        Bundle bundle = bundle(symbolicName);
        bundle.stop();
        bundle.start();
    }

    // --- services ---------------------------------------------------------------------------------------------

    /** Waits until a service of this type is registered and returns it; fails the test after {@code timeout}. */
    protected <T> T waitForService(Class<T> type, Duration timeout) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(timeout.toMillis());
            if (service == null) {
                fail("No " + type.getName() + " service within " + timeout);
            }
            return service;
        } finally {
            tracker.close();
        }
    }

    /**
     * Waits until a service is registered under this interface name, whichever bundle's class space it comes from
     * (robust across bundle refreshes), and returns its reference; fails the test after {@code timeout}.
     */
    protected ServiceReference<?> waitForServiceReference(String interfaceName, Duration timeout)
            throws InterruptedException, InvalidSyntaxException {
        return waitForServiceReference(interfaceName, null, timeout);
    }

    /**
     * As {@link #waitForServiceReference(String, Duration)}, for a service whose properties also match the LDAP
     * {@code filter} (null: any), e.g. {@code (parley.sip.method=REGISTER)}.
     */
    protected ServiceReference<?> waitForServiceReference(String interfaceName, String filter, Duration timeout)
            throws InterruptedException, InvalidSyntaxException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            ServiceReference<?>[] references = bundleContext.getAllServiceReferences(interfaceName, filter);
            if (references != null && references.length > 0) {
                return references[0];
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("No " + interfaceName + (filter == null ? "" : " " + filter) + " service within "
                + timeout);
    }

    // --- configuration ----------------------------------------------------------------------------------------

    /** Sets one property of a configuration (creating it if needed), as config:property-set does. */
    protected void setConfig(String pid, String key, Object value) throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration(pid, null);
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put(key, value);
        configuration.update(properties);
    }
}
