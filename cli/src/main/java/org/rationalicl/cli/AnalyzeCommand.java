// icl analyze: fit the hierarchical Bayesian model to every configuration of a sweep and write results.jsonl,
// the figures and report.html (SPEC sections 6-10), then print the headline numbers.
package org.rationalicl.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rationalicl.analysis.pipeline.SweepAnalysis;
import org.rationalicl.cli.pipeline.Headline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true, usageHelpWidth = 110, versionProvider = Icl.Version.class,
        sortOptions = false, showDefaultValues = true,
        description = "Evaluate and fit every configuration (task, dims, context, MLP factor, seed) of a sweep: "
                + "computes missing predictors (as icl predict), relative distances of each checkpoint between M and "
                + "G (ID = train split, OOD = eval split), the interpolation threshold, K(Q), the hierarchical "
                + "Bayesian fit (L-BFGS-B from the paper's initial values, 80%% of checkpoints x 80%% of D held in) "
                + "with its ablations, metrics and baselines, transition steps and their power law; writes "
                + "results.jsonl, figures/ (PNG + SVG) and report.html.",
        footer = {"", "Examples:", "  icl analyze --sweep sweeps/cat", "  icl analyze --sweep sweeps/cat --out reports/cat --no-ablations"})
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sweep", required = true, paramLabel = "DIR", description = "Sweep directory (or a single run).")
    Path sweep;

    @Option(names = "--out", paramLabel = "DIR", description = "Where results.jsonl, figures/ and report.html go (default: the sweep directory).")
    Path out;

    @Mixin
    LossSequencesOption loss;

    @Option(names = "--no-ablations", description = "Fit only the full model (skip alpha=0, beta=1, gamma=1, linear K).")
    boolean noAblations;

    @Option(names = "--context-dependent", description = "Also fit the context-dependent variant (the in-context "
            + "evidence of each predictor added to the training evidence, position by position); slower.")
    boolean contextDependent;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        int lossSequences = loss.checked();
        if (!Files.isDirectory(sweep)) throw new UsageError("--sweep " + sweep + ": no such directory");
        Path target = out != null ? out : sweep;
        if (Files.exists(target) && !Files.isDirectory(target)) throw new UsageError("--out " + target + " is a file");
        SweepAnalysis.Outcome r = SweepAnalysis.run(sweep, target, new SweepAnalysis.Options(lossSequences,
                !noAblations, contextDependent, new Icl.Version().getVersion()[0], line -> {
                    err.println("icl analyze: " + line);
                    err.flush();
                }));
        Headline.print(o, r);
        o.flush();
        return 0;
    }
}
