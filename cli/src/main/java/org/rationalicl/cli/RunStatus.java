// What a run directory holds, read without starting the run: its configuration, the step its saved state has
// reached, the checkpoints on disk and the last evaluation. Used by train (resume/finished), sweep and inspect.
package org.rationalicl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rationalicl.core.io.Json;
import org.rationalicl.core.io.SafetensorsReader;
import org.rationalicl.train.TrainingConfig;
import org.rationalicl.train.TrainingRun;

/**
 * @param config      the stored configuration, null when there is none
 * @param step        optimizer steps of the saved state (0 when no state was saved yet)
 * @param checkpoints steps of the checkpoint files present, ascending
 * @param lastMetrics step and split metrics of the last metrics.csv row that has them (empty when none)
 */
record RunStatus(Path dir, TrainingConfig config, long step, List<Long> checkpoints, Map<String, String> lastMetrics) {

    enum State { MISSING, UNFINISHED, FINISHED }

    State state() {
        if (config == null) return State.MISSING;
        return step >= config.steps() ? State.FINISHED : State.UNFINISHED;
    }

    static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(TrainingRun.CONFIG_FILE));
    }

    /** Reads {@code dir}; a missing directory or one without config.json is MISSING. Bad files are usage errors. */
    static RunStatus read(Path dir) throws IOException {
        if (!isRun(dir)) return new RunStatus(dir, null, 0, List.of(), Map.of());
        Path configFile = dir.resolve(TrainingRun.CONFIG_FILE);
        TrainingConfig config;
        try {
            config = TrainingConfig.fromJson(Json.readObject(configFile));
        } catch (IllegalArgumentException e) {
            throw new UsageError(configFile + ": " + e.getMessage());
        }
        long step = 0;
        Path state = dir.resolve(TrainingRun.STATE_FILE);
        if (Files.exists(state)) {
            try (SafetensorsReader r = SafetensorsReader.open(state)) {
                step = Long.parseLong(r.metadata().getOrDefault("step", "0"));
            } catch (NumberFormatException e) {
                throw new UsageError(state + ": __metadata__.step is not a step number");
            }
        }
        return new RunStatus(dir, config, step, checkpointSteps(dir), lastMetrics(dir));
    }

    static List<Long> checkpointSteps(Path dir) throws IOException {
        Path ck = dir.resolve(TrainingRun.CHECKPOINTS_DIR);
        List<Long> steps = new ArrayList<>();
        if (!Files.isDirectory(ck)) return steps;
        try (Stream<Path> files = Files.list(ck)) {
            files.forEach(f -> {
                String n = f.getFileName().toString();
                if (n.startsWith("step-") && n.endsWith(".safetensors")) {
                    try {
                        steps.add(Long.parseLong(n.substring(5, n.length() - ".safetensors".length())));
                    } catch (NumberFormatException ignored) {
                        // not one of ours (step-final.safetensors, say): not a checkpoint
                    }
                }
            });
        }
        steps.sort(null);
        return steps;
    }

    /** The last metrics.csv row with evaluation metrics, as column → value (step included). */
    static Map<String, String> lastMetrics(Path dir) throws IOException {
        Path csv = dir.resolve(TrainingRun.METRICS_FILE);
        if (!Files.exists(csv)) return Map.of();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) return Map.of();
        String[] header = lines.get(0).split(",", -1);
        for (int i = lines.size() - 1; i >= 1; i--) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != header.length) continue;
            boolean hasMetric = false;
            for (int c = 0; c < header.length; c++) {
                if (header[c].endsWith("_metric") && !cells[c].isEmpty()) hasMetric = true;
            }
            if (!hasMetric) continue;
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) if (!cells[c].isEmpty()) m.put(header[c], cells[c]);
            return m;
        }
        return Map.of();
    }

    /** "field: a there, b requested; …" for the settings that define results (all but threads). */
    static String differences(TrainingConfig there, TrainingConfig requested) {
        Map<String, Object> a = there.identity(), b = requested.identity();
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, Object> e : b.entrySet()) {
            Object before = a.get(e.getKey());
            if (!java.util.Objects.equals(before, e.getValue())) {
                diffs.add(e.getKey() + " " + before + " there, " + e.getValue() + " requested");
            }
        }
        return String.join("; ", diffs);
    }
}
