// icl predict: the ideal predictors M, G and constant of a run (or of every run of a sweep) on its evaluation
// sets, with L(Q) and K(Q), written to <run>/predictors.safetensors; shared pools are computed once and copied.
package org.rationalicl.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rationalicl.analysis.pipeline.PredictSweep;
import org.rationalicl.analysis.pipeline.RunDirectory;
import org.rationalicl.analysis.pipeline.RunPredictors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true, usageHelpWidth = 110, versionProvider = Icl.Version.class,
        sortOptions = false, showDefaultValues = true,
        description = "Compute the ideal predictors M (memorizing), G (generalizing) and the constant baseline on a "
                + "run's evaluation sets, their loss L(Q) on fresh training sequences (median of means) and their "
                + "complexity K(Q), into <run>/predictors.safetensors. With a sweep directory: every run under it, "
                + "skipping runs already done; runs that share task, dims, context, D, seed and evaluation sets "
                + "(e.g. differ only in MLP factor) share one computation.",
        footer = {"", "Examples:", "  icl predict --run runs/cat-D16", "  icl predict --run sweeps/cat --loss-sequences 2000"})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run directory or a sweep directory.")
    Path run;

    @Mixin
    LossSequencesOption loss;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        int lossSequences = loss.checked();
        if (!Files.isDirectory(run)) throw new UsageError("--run " + run + ": no such directory");
        List<RunDirectory> runs = new ArrayList<>();
        for (Path p : RunDirectory.find(run)) runs.add(RunDirectory.read(p));
        if (runs.isEmpty()) throw new UsageError("--run " + run + ": no run directory (config.json) in or under it");
        Map<RunPredictors.Action, Integer> n = PredictSweep.ensureAll(runs, lossSequences, line -> {
            err.println("icl predict: " + line);
            err.flush();
        });
        out.printf("icl predict: %d run%s: %d computed, %d copied from a run with the same pools, %d already done%n",
                runs.size(), runs.size() == 1 ? "" : "s", n.getOrDefault(RunPredictors.Action.COMPUTED, 0),
                n.getOrDefault(RunPredictors.Action.COPIED, 0), n.getOrDefault(RunPredictors.Action.ALREADY_DONE, 0));
        out.flush();
        return 0;
    }
}
