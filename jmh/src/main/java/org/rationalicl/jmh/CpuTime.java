// Thread CPU time per benchmark iteration, reported next to JMH's wall-clock score: on a machine shared with other
// builds the wall clock also counts time spent waiting for a core, CPU time mostly does not.
package org.rationalicl.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Three secondary results, each summed over the measured iterations: {@code calls}, {@code gflop} (work the
 * benchmark counted) and {@code cpuSeconds} (thread CPU time of those calls); GFLOP/s per CPU second =
 * gflop / cpuSeconds, and gflop / calls is the work of one call (scripts/jmh-cpu-gflops.py does the arithmetic). Reading the
 * clock costs about a microsecond per call, noise only for calls far shorter than that. CPU time still includes
 * time a hypervisor steals from the virtual core, so compare with {@link FmaPeakBenchmark} from the same session.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long calls;
    public double gflop;
    public double cpuSeconds;
    private long started;

    @Setup(Level.Iteration)
    public void reset() {
        calls = 0;
        gflop = 0;
        cpuSeconds = 0;
    }

    void start() {
        started = THREADS.getCurrentThreadCpuTime();
    }

    void stop(double flopsDone) {
        cpuSeconds += (THREADS.getCurrentThreadCpuTime() - started) * 1e-9;
        gflop += flopsDone * 1e-9;
        calls++;
    }
}
