// Ensures predictors.safetensors for every run of a list, computing each predictor key once and copying the file to
// every other run that shares it (e.g. runs that differ only in MLP factor share pools and evaluation sets).
package org.rationalicl.analysis.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.rationalicl.core.io.Json;

public final class PredictSweep {
    private PredictSweep() {}

    /** Per action, how many runs; the log gets one line per run that was not already done. */
    public static Map<RunPredictors.Action, Integer> ensureAll(List<RunDirectory> runs, int lossSequences,
                                                               Consumer<String> log) throws IOException {
        Map<String, Path> cache = new HashMap<>();
        // first pass: every finished file is a source for the others
        for (RunDirectory r : runs) {
            if (RunPredictors.isDone(r, lossSequences)) {
                cache.putIfAbsent(r.predictorKey(lossSequences), r.dir().resolve(RunPredictors.FILE));
            }
        }
        Map<RunPredictors.Action, Integer> counts = new EnumMap<>(RunPredictors.Action.class);
        for (RunDirectory r : runs) {
            long t0 = System.nanoTime();
            RunPredictors.Action a = RunPredictors.ensure(r, lossSequences, cache);
            counts.merge(a, 1, Integer::sum);
            if (a != RunPredictors.Action.ALREADY_DONE) {
                double seconds = (System.nanoTime() - t0) / 1e9, run = runSeconds(r.dir());
                // the budget: computing the ideal predictors must stay small next to training the run
                String share = a == RunPredictors.Action.COMPUTED && run > 0
                        ? String.format(java.util.Locale.ROOT, "; %.1f%% of %.1f s training + predictors", 100 * seconds / (seconds + run), seconds + run) : "";
                log.accept(String.format(java.util.Locale.ROOT, "predictors %-9s %s (%.1f s%s)",
                        a == RunPredictors.Action.COMPUTED ? "computed" : "copied", r.dir().getFileName(), seconds, share));
            }
        }
        return counts;
    }

    /** total_s of the run's timing.json (written by training, docs/FORMATS.md), or NaN when absent or unreadable. */
    static double runSeconds(Path runDir) {
        Path file = runDir.resolve("timing.json");
        if (!Files.isRegularFile(file)) return Double.NaN;
        try {
            return Json.readObject(file).get("total_s") instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (IOException e) {
            return Double.NaN; // the share is informational; a damaged file only drops it from the log line
        }
    }
}
