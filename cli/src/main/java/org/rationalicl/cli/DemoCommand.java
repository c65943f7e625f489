// icl demo: the end-to-end tour on a fresh clone: a small categorical sweep (D = 4 … 1024) trained with icl sweep,
// then icl analyze (predictors, fit, figures, report.html), printing the headline numbers and where the report is.
package org.rationalicl.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rationalicl.analysis.pipeline.SweepAnalysis;
import org.rationalicl.cli.pipeline.DemoPlan;
import org.rationalicl.cli.pipeline.Headline;
import org.rationalicl.core.io.AtomicFiles;
import org.rationalicl.core.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, usageHelpWidth = 110, versionProvider = Icl.Version.class,
        sortOptions = false, showDefaultValues = true,
        description = {"The whole pipeline in one command: trains a small categorical sweep (Balls & Urns, V = 8, "
                + "context 64, hidden 64, 1 layer, 1 head, MLP x4, batch 32, lr 1e-3 after 200 warm-up steps, "
                + "5000 steps, 30 checkpoints on the sqrt-step schedule, 128 evaluation sequences per split) for "
                + "D = 4, 8, 16, 32, 64, 128, 256 and 1024, two runs at a time with one thread each; then computes "
                + "M, G and the constant (L(Q) on 2000 fresh sequences), fits the hierarchical Bayesian model with "
                + "its ablations and writes results.jsonl, figures/ and report.html. Small D flips from G-like to "
                + "M-like within the run; D >= 256 stays G-like.",
                "Expected time: about 2.5 minutes on an unshared 2-core machine (--quick: under 1); on a busy machine "
                        + "several times longer. Rerunning resumes (finished runs are skipped)."},
        footer = {"", "Examples:", "  ./icl demo", "  ./icl demo --out /tmp/demo --quick"})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo", description = "Output directory: runs/, results.jsonl, figures/, report.html.")
    Path out;

    @Option(names = "--quick", description = "Context 32, hidden 32, 800 steps, 16 checkpoints, 64 evaluation sequences (D = 4 and 8 flip to M, 16 half-way).")
    boolean quick;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "Progress display: auto (a bar on a terminal, plain lines in logs), bar, lines or none.")
    String progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UsageError("--out " + out + " is a file, not a directory");
        TrainCommand.progressMode(progress); // validates the value before anything starts
        DemoPlan plan = quick ? DemoPlan.quick() : DemoPlan.full();
        int cores = Runtime.getRuntime().availableProcessors();
        int parallel = Math.max(1, Math.min(cores, plan.poolSizes().size()));
        o.printf(Locale.ROOT, "icl demo: %d categorical runs (D = %s), %d steps each, %d at a time on %d cores.%n",
                plan.poolSizes().size(), plan.poolSizes(), plan.steps(), parallel, cores);
        o.printf(Locale.ROOT, "icl demo: expected time about %s on an unshared 2-core machine (longer when other "
                + "programs use the cores); the progress line shows the live ETA.%n", quick ? "under a minute" : "2.5 minutes");
        o.flush();
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        Path config = out.resolve("demo-sweep.json");
        AtomicFiles.writeString(config, Json.writePretty(plan.sweepConfig()));
        Path runs = out.resolve("runs");
        picocli.CommandLine sweepCli = Icl.commandLine();
        sweepCli.setOut(o);
        sweepCli.setErr(err);
        int code = sweepCli.execute("sweep", "--config", config.toString(), "--out", runs.toString(),
                "--parallel", Integer.toString(parallel), "--threads-per-run", "1", "--progress", progress);
        if (code != 0) {
            err.println("icl demo: training failed (exit " + code + "); rerun to resume");
            return code;
        }
        double trained = (System.nanoTime() - t0) / 1e9;
        o.printf(Locale.ROOT, "icl demo: training done in %s; analysing ...%n", Progress.duration(trained));
        o.flush();
        SweepAnalysis.Outcome r = SweepAnalysis.run(runs, out, new SweepAnalysis.Options(plan.lossSequences(), true,
                new Icl.Version().getVersion()[0] + " demo", line -> {
                    err.println("icl demo: " + line);
                    err.flush();
                }));
        double total = (System.nanoTime() - t0) / 1e9;
        o.printf(Locale.ROOT, "icl demo: finished in %s (training %s, analysis %s)%n", Progress.duration(total),
                Progress.duration(trained), Progress.duration(total - trained));
        Headline.print(o, r);
        o.println("open " + r.report().toAbsolutePath() + " in a browser");
        o.flush();
        return 0;
    }
}
