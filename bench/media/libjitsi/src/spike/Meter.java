package spike;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The server's side of a run: CPU of this JVM and its peak thread count between the peers' start and done. */
public final class Meter {
    private Meter() {
    }

    public static void threads(String when) {
        System.out.printf("threads (%s): %d%n", when, ManagementFactory.getThreadMXBean().getThreadCount());
    }

    public static void measure(Path dir, String label) throws Exception {
        while (!Files.exists(dir.resolve("start"))) {
            Thread.sleep(20);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        long cpuStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        int peak = 0;
        while (!Files.exists(dir.resolve("done"))) {
            Thread.sleep(200);
            peak = Math.max(peak, threads.getThreadCount());
        }
        double cores = (double) (os.getProcessCpuTime() - cpuStart) / (System.nanoTime() - wallStart);
        System.out.printf("%s: cpu=%.1f%% of one core, peak_threads=%d, heap_used=%d MB%n", label, 100 * cores, peak,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }
}
