// `icl inspect PATH`: a readable summary of whatever the project writes — a run directory, a sweep directory, a
// checkpoint or any safetensors file (checksums verified), an .npy or .npz file. Reads only; never writes.
package org.rationalicl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rationalicl.core.io.Json;
import org.rationalicl.core.io.NdArray;
import org.rationalicl.core.io.Npy;
import org.rationalicl.core.io.Npz;
import org.rationalicl.core.io.Safetensors;
import org.rationalicl.core.io.SafetensorsReader;
import org.rationalicl.train.TrainingConfig;
import org.rationalicl.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        header = "Summarise a run or sweep directory, a checkpoint or safetensors file, or an .npy/.npz file.", versionProvider = Icl.Version.class,
        description = "Summarise PATH: a run directory (configuration, progress, checkpoints, last metrics), a sweep "
                + "directory (runs finished / unfinished / missing), a checkpoint or any .safetensors file (tensors, "
                + "metadata; the recorded SHA-256 is verified), or an .npy/.npz file (arrays, shapes, dtypes).",
        footer = {"", "Examples:", "  icl inspect runs/d16", "  icl inspect runs/d16/checkpoints/step-2000.safetensors",
                "  icl inspect sweeps/cat"})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "A run or sweep directory, or a .safetensors, .npy or .npz file.")
    Path path;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString());
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(SweepCommand.SWEEP_FILE))) sweep(out);
            else if (RunStatus.isRun(path)) run(out);
            else throw new UsageError(path + " is a directory but neither a run (no config.json) nor a sweep (no sweep.json)");
        } else if (name.endsWith(".safetensors")) {
            safetensors(out);
        } else if (name.endsWith(".npy")) {
            out.println(path + ": npy array");
            out.println("  " + describe(Npy.read(path)));
        } else if (name.endsWith(".npz")) {
            List<String> keys = Npz.keys(path);
            out.println(path + ": npz archive, " + keys.size() + " arrays");
            Map<String, NdArray> arrays = Npz.read(path);
            for (String k : keys) out.printf(Locale.ROOT, "  %-32s %s%n", k, describe(arrays.get(k)));
        } else {
            throw new UsageError(path + ": cannot inspect this kind of file (expected a run or sweep directory, or a"
                    + " .safetensors, .npy or .npz file)");
        }
        out.flush();
        return 0;
    }

    private void run(PrintWriter out) throws IOException {
        RunStatus s = RunStatus.read(path);
        TrainingConfig c = s.config();
        out.println(path + ": training run, " + s.state().name().toLowerCase(Locale.ROOT) + " at step " + s.step() + "/" + c.steps()
                + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * s.step() / c.steps()));
        out.println("  config       " + TrainCommand.describe(c));
        out.println("  optimizer    AdamW lr " + TrainCommand.number(c.lr()) + ", warm-up " + c.warmup() + ", "
                + c.schedule().id() + ", clip " + TrainCommand.number(c.clip()) + "; zipf " + TrainCommand.number(c.zipfExponent())
                + ", eval " + c.evalSequences() + " sequences/split");
        long[] planned = c.checkpointSteps();
        List<Long> have = s.checkpoints();
        out.println("  checkpoints  " + have.size() + " of " + planned.length + " present" + range(have)
                + "; planned" + range(Arrays.stream(planned).boxed().toList()));
        Map<String, String> m = s.lastMetrics();
        if (!m.isEmpty()) {
            StringBuilder sb = new StringBuilder("step " + m.get("step"));
            for (Map.Entry<String, String> e : m.entrySet()) {
                if (!e.getKey().equals("step")) sb.append(", ").append(e.getKey()).append(' ').append(e.getValue());
            }
            out.println("  last metrics " + sb);
        }
        List<String> files = new ArrayList<>();
        for (String f : List.of(TrainingRun.POOLS_FILE, TrainingRun.EVALSETS_FILE, TrainingRun.METRICS_FILE, TrainingRun.STATE_FILE)) {
            files.add(f + (Files.exists(path.resolve(f)) ? "" : " (missing)"));
        }
        out.println("  files        " + String.join(", ", files));
    }

    private static String range(List<Long> steps) {
        if (steps.isEmpty()) return "";
        if (steps.size() <= 6) return " " + steps;
        return " [" + steps.get(0) + ", " + steps.get(1) + ", " + steps.get(2) + ", ..., " + steps.get(steps.size() - 1) + "]";
    }

    private void sweep(PrintWriter out) throws IOException {
        Map<String, Object> json = Json.readObject(path.resolve(SweepCommand.SWEEP_FILE));
        if (!(json.get("runs") instanceof List<?> runs)) throw new UsageError(path.resolve(SweepCommand.SWEEP_FILE) + ": no runs list");
        int finished = 0, unfinished = 0, missing = 0;
        List<String> lines = new ArrayList<>();
        for (Object o : runs) {
            if (!(o instanceof Map<?, ?> r) || !(r.get("name") instanceof String name) || name.contains("..") || name.contains("/")) {
                throw new UsageError(path.resolve(SweepCommand.SWEEP_FILE) + ": malformed run entry " + o);
            }
            RunStatus s = RunStatus.read(path.resolve(name));
            String what;
            switch (s.state()) {
                case FINISHED -> {
                    finished++;
                    what = "finished";
                }
                case UNFINISHED -> {
                    unfinished++;
                    what = "step " + s.step() + "/" + s.config().steps();
                }
                default -> {
                    missing++;
                    what = "missing";
                }
            }
            Map<String, String> m = s.lastMetrics();
            String metric = m.containsKey("eval_metric") ? "  eval_metric " + m.get("eval_metric") : "";
            lines.add(String.format(Locale.ROOT, "  %-48s %s%s", name, what, metric));
        }
        out.println(path + ": sweep of " + runs.size() + " runs: " + finished + " finished, " + unfinished + " unfinished, "
                + missing + " missing");
        if (json.get("grid") instanceof Map<?, ?> grid) out.println("  grid " + Json.write(grid));
        lines.forEach(out::println);
    }

    private void safetensors(PrintWriter out) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(path)) {   // validates the header and the checksums
            Map<String, String> meta = r.metadata();
            boolean checkpoint = meta.containsKey("config") && meta.containsKey("step");
            String sum = meta.containsKey(Safetensors.SHA256_KEY) ? "SHA-256 verified" : "no checksum recorded";
            out.println(path + ": " + (checkpoint ? "checkpoint at step " + meta.get("step") : "safetensors file") + ", "
                    + r.names().size() + " tensors, " + sum);
            if (checkpoint) {
                try {
                    TrainingConfig c = TrainingConfig.fromJson(Json.parseObject(meta.get("config"), path + " __metadata__.config"));
                    out.println("  config  " + TrainCommand.describe(c));
                } catch (IllegalArgumentException e) {
                    out.println("  config  (unreadable: " + e.getMessage() + ")");
                }
            }
            long total = 0;
            for (String n : r.names()) {
                SafetensorsReader.TensorInfo t = r.info(n);
                total += t.numel();
                out.printf(Locale.ROOT, "  %-52s %-4s %s%n", n, t.dtype(), Arrays.toString(t.shape()));
            }
            out.println("  " + total + " elements");
            for (Map.Entry<String, String> e : meta.entrySet()) {
                if (e.getKey().equals("config")) continue;
                String v = e.getValue().length() > 80 ? e.getValue().substring(0, 77) + "..." : e.getValue();
                out.println("  metadata " + e.getKey() + " = " + v);
            }
        }
    }

    static String describe(NdArray a) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
        double[] v = a.toDoubleArray();
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
        }
        String stats = v.length == 0 ? "" : String.format(Locale.ROOT, "  min %.4g  max %.4g  mean %.4g", min, max, sum / v.length);
        return String.format(Locale.ROOT, "%-4s %s%s", a.dtype().name(), Arrays.toString(a.shape()), stats);
    }
}
