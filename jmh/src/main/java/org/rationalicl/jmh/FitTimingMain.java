// Wall-clock and process CPU time of the paper-sized fit (same inputs as ConfigurationFitBenchmark). CPU time
// is the useful number on a shared machine: wall time there mostly measures other people's load.
// Run: ./build bench-jar && java --add-modules jdk.incubator.vector -Xmx6g -cp jmh/target/benchmarks.jar \
//        org.rationalicl.jmh.FitTimingMain [repetitions]
package org.rationalicl.jmh;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.rationalicl.analysis.data.ConfigurationData;
import org.rationalicl.analysis.data.TaskKind;
import org.rationalicl.analysis.fit.ConfigurationFit;
import org.rationalicl.analysis.fit.ConfigurationResult;
import org.rationalicl.analysis.fit.FitOptions;
import org.rationalicl.analysis.fit.LogKernel;
import org.rationalicl.analysis.fit.SyntheticConfiguration;

public final class FitTimingMain {
    private FitTimingMain() {
    }

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int[] pools = {2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048};
        long[] steps = SyntheticConfiguration.sqrtSpacedSteps(20, 100_000, 100);
        ConfigurationData data = SyntheticConfiguration.generate(new SyntheticConfiguration.Spec(8, 500, 128, pools,
                steps, ConfigurationFitBenchmark.TRUE_PARAMETERS, 0.05, 0.5, 16, 1));
        FitOptions options = FitOptions.defaults(TaskKind.CATEGORICAL)
                .withInitialParameters(new double[] {0.45, 0.3, 0.5});
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.println("kernel " + LogKernel.get().name() + ", processors " + Runtime.getRuntime()
                .availableProcessors() + ", load average " + os.getSystemLoadAverage());
        for (int r = 0; r < repetitions; r++) {
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            ConfigurationResult result = ConfigurationFit.fit(data, options);
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("fit %d: wall %.1f s, process CPU %.1f s; %s %s after %d iterations (%d evaluations); "
                            + "corr ID %.4f OOD %.4f; %d pairs evaluated%n", r, wall, cpu,
                    Arrays.toString(result.fittedParameters()), result.status(), result.iterations(),
                    result.evaluations(), result.correlationId(), result.correlationOod(),
                    result.holdOut().evaluatedPairs());
        }
    }
}
