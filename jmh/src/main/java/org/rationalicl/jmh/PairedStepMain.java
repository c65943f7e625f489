// Two variants of a training step alternated call by call in one JVM, so that the host's drift (other tenants,
// clock frequency) falls on both alike: on a shared machine, separate runs drift by more than a few-percent change.
// The variants are two values of a system property read when a model and its trainer are built
// (rationalicl.microBatch, rationalicl.attention; not the static-final rationalicl.profile), or two builds of the
// project, each benchmarks.jar in its own class loader.
package org.rationalicl.jmh;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Usage: {@code java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar
 * org.rationalicl.jmh.PairedStepMain property NAME A B ROUNDS [StepCpuMain arguments]} or {@code … PairedStepMain
 * jars A.jar B.jar ROUNDS [StepCpuMain arguments]}. Each round measures A and B once (StepCpuMain's median CPU ms
 * per step), A first in even rounds and B first in odd ones; the last line gives the median A/B ratio and its
 * quartiles. Example: {@code … PairedStepMain property rationalicl.microBatch 4 2 8 5 3 5 4 regression}.
 */
public final class PairedStepMain {
    private interface Variant {
        double measure(String[] args) throws ReflectiveOperationException;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) usage();
        Variant[] variants = new Variant[2];
        String[] names;
        int at;
        switch (args[0]) {
            case "property" -> {
                if (args.length < 5) usage();
                String property = args[1];
                names = new String[] {property + "=" + args[2], property + "=" + args[3]};
                for (int i = 0; i < 2; i++) {
                    String value = args[2 + i];
                    variants[i] = stepArgs -> {
                        System.setProperty(property, value);
                        return StepCpuMain.run(stepArgs, quiet());
                    };
                }
                at = 4;
            }
            case "jars" -> {
                names = new String[] {args[1], args[2]};
                for (int i = 0; i < 2; i++) {
                    URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[1 + i]).toUri().toURL()},
                            ClassLoader.getPlatformClassLoader());
                    Method run = loader.loadClass(StepCpuMain.class.getName())
                            .getMethod("run", String[].class, PrintStream.class);
                    variants[i] = stepArgs -> (Double) run.invoke(null, stepArgs, quiet());
                }
                at = 3;
            }
            default -> {
                usage();
                return;
            }
        }
        int rounds = Integer.parseInt(args[at]);
        if (rounds < 1) usage();
        String[] stepArgs = Arrays.copyOfRange(args, at + 1, args.length);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] ms = new double[2];
            for (int j = 0; j < 2; j++) {
                int i = r % 2 == 0 ? j : 1 - j;
                try {
                    ms[i] = variants[i].measure(stepArgs);
                } catch (InvocationTargetException e) {
                    throw new IllegalStateException(names[i] + " failed", e.getCause());
                }
            }
            ratios[r] = ms[0] / ms[1];
            System.out.printf("round %d: A %.2f, B %.2f CPU ms/step, A/B %.4f%n", r, ms[0], ms[1], ratios[r]);
        }
        Arrays.sort(ratios);
        System.out.printf("A = %s, B = %s: A/B median %.4f, quartiles %.4f–%.4f over %d rounds%n", names[0], names[1],
                ratios[rounds / 2], ratios[rounds / 4], ratios[(3 * rounds) / 4], rounds);
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private static void usage() {
        System.err.println("usage: PairedStepMain property NAME A B ROUNDS [StepCpuMain args]"
                + "\n       PairedStepMain jars A.jar B.jar ROUNDS [StepCpuMain args]");
        System.exit(2);
    }
}
