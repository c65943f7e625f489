// predictors.safetensors of a run: tensor names and shapes, closed-form values of G and the constant, the L(Q)
// ordering, and reuse (a run sharing pools gets an identical copy; a done run is skipped).
package org.rationalicl.analysis.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.analysis.predictors.Strategy;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.Safetensors;

class RunPredictorsTest {
    static final int LOSS_SEQUENCES = 64;

    @Test
    void writesEveryStrategyAndSplitShapedLikeTheNetworkPredictions(@TempDir Path tmp) throws Exception {
        RunDirectory run = SyntheticSweep.writeRun(tmp.resolve("D3"), 3, 4, 100);
        Map<String, Path> cache = new HashMap<>();
        assertEquals(RunPredictors.Action.COMPUTED, RunPredictors.ensure(run, LOSS_SEQUENCES, cache));
        Path file = run.dir().resolve(RunPredictors.FILE);
        Map<String, NdArray> t = Safetensors.readAll(file);
        int s = SyntheticSweep.S, c = SyntheticSweep.C, v = SyntheticSweep.V;
        for (Strategy q : RunPredictors.STRATEGIES) {
            for (String split : List.of("train", "eval")) {
                assertArrayEquals(new long[] {s, c, v}, t.get(RunPredictors.predName(q, split)).shape(),
                        q + " " + split + " predictions");
                assertArrayEquals(new long[] {s, c}, t.get(RunPredictors.evidenceName(q, split)).shape(),
                        q + " " + split + " evidence");
            }
        }
        // closed forms with the Dirichlet(1) prior: the constant and G before any token are uniform
        float[] constant = (float[]) t.get(RunPredictors.predName(Strategy.CONSTANT, "eval")).data();
        for (int i = 0; i < constant.length; i++) assertEquals(1.0 / v, constant[i], 1e-6, "constant[" + i + "]");
        float[] g = (float[]) t.get(RunPredictors.predName(Strategy.GENERALIZING, "train")).data();
        for (int k = 0; k < v; k++) assertEquals(1.0 / v, g[k], 1e-6, "G at position 0, symbol " + k);
        // in-context evidence starts at 0 (nothing seen) and only decreases
        float[] ev = (float[]) t.get(RunPredictors.evidenceName(Strategy.MEMORIZING, "train")).data();
        assertEquals(0.0, ev[0], 0.0, "evidence before the first token");
        assertTrue(ev[c - 1] < ev[1], "log-evidence must fall as tokens are seen: " + ev[1] + " -> " + ev[c - 1]);
        Map<String, String> meta = Safetensors.readMetadata(file);
        double lm = Double.parseDouble(meta.get("loss.M")), lg = Double.parseDouble(meta.get("loss.G"));
        double lc = Double.parseDouble(meta.get("loss.constant"));
        assertTrue(lm <= lg && lg < lc, "expected L(M) <= L(G) < L(constant); got " + lm + ", " + lg + ", " + lc);
        assertEquals(run.predictorKey(LOSS_SEQUENCES), meta.get(RunPredictors.KEY));
        assertTrue(Double.parseDouble(meta.get("bits.M")) > 0 && Double.parseDouble(meta.get("bits.G")) > 0);
    }

    @Test
    void runsSharingPoolsGetACopyAndDoneRunsAreSkipped(@TempDir Path tmp) throws Exception {
        RunDirectory a = SyntheticSweep.writeRun(tmp.resolve("mlp4"), 2, 4, 100);
        RunDirectory b = SyntheticSweep.writeRun(tmp.resolve("mlp8"), 2, 8, 100);
        RunDirectory other = SyntheticSweep.writeRun(tmp.resolve("D5"), 5, 4, 100);
        // training wrote how long it took: the computed predictors' log line puts their time beside it
        Files.writeString(a.dir().resolve("timing.json"), "{\"sessions\": 1, \"total_s\": 5000.0}");
        List<String> log = new java.util.ArrayList<>();
        Map<RunPredictors.Action, Integer> first = PredictSweep.ensureAll(List.of(a, b, other), LOSS_SEQUENCES, log::add);
        assertEquals(2, first.get(RunPredictors.Action.COMPUTED), "two distinct pools: " + log);
        String computedA = log.stream().filter(l -> l.contains("computed") && l.contains("mlp4")).findFirst().orElseThrow();
        assertTrue(computedA.matches(".*\\(\\d+\\.\\d s; \\d+\\.\\d% of 50\\d\\d\\.\\d s training \\+ predictors\\)"), computedA);
        assertTrue(log.stream().filter(l -> l.contains("D5")).allMatch(l -> !l.contains("%")), "no timing.json, no share: " + log);
        assertEquals(1, first.get(RunPredictors.Action.COPIED), "the mlp 8 run shares the mlp 4 run's pools: " + log);
        assertArrayEquals(Files.readAllBytes(a.dir().resolve(RunPredictors.FILE)),
                Files.readAllBytes(b.dir().resolve(RunPredictors.FILE)));
        Map<RunPredictors.Action, Integer> again = PredictSweep.ensureAll(List.of(a, b, other), LOSS_SEQUENCES, log::add);
        assertEquals(Map.of(RunPredictors.Action.ALREADY_DONE, 3), again);
        // another number of loss sequences is another key: recomputed
        assertEquals(RunPredictors.Action.COMPUTED, RunPredictors.ensure(a, LOSS_SEQUENCES + 1, new HashMap<>()));
    }
}
