package dev.parley.store.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.store.StoredAccount;

/**
 * The process {@link KillDurabilityTest} kills: writes accounts and bindings from two threads without end, and
 * prints {@code ACCOUNT n} / {@code BINDING n} on standard output after each write returned.
 */
public final class KillDurabilityChild {

    private KillDurabilityChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        H2Database database = TestDatabases.open(Path.of(args[0]));
        H2AccountStore accounts = new H2AccountStore(database);
        H2BindingStore bindings = new H2BindingStore(database);
        Thread accountWriter = new Thread(() -> {
            for (int n = 0;; n++) {
                accounts.insert(KillDurabilityTest.account(n));
                report("ACCOUNT " + n);
            }
        });
        Thread bindingWriter = new Thread(() -> {
            for (int n = 0;; n++) {
                Binding binding = KillDurabilityTest.binding(n);
                bindings.update(binding.aor(), List.of(binding), List.of());
                report("BINDING " + n);
            }
        });
        accountWriter.start();
        bindingWriter.start();
        accountWriter.join();
    }

    private static synchronized void report(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static SipAddress address(int n) {
        return new SipAddress("user" + n, "kill.test");
    }

    static Instant time(int n) {
        return Instant.ofEpochMilli(1_700_000_000_000L + n);
    }
}
