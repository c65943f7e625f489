// One training run directory read through the documented file format (docs/FORMATS.md), without the train
// module: its config.json, pools, evaluation sets, metrics.csv and the network's predictions per checkpoint.
package org.rationalicl.analysis.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rationalicl.analysis.data.TaskKind;
import org.rationalicl.core.io.Json;

/**
 * The settings of a run that the analysis needs, read from {@code config.json}.
 *
 * @param dir           the run directory
 * @param task          task family
 * @param tasks         D, the training pool size
 * @param dims          V (categorical) or d
 * @param context       C
 * @param mlpFactor     MLP expansion factor
 * @param seed          the run's seed (pools and evaluation sets are functions of it)
 * @param evalSequences sequences per evaluation split
 * @param zipfExponent  skew of the training-task choice (0 = uniform)
 * @param steps         configured training steps
 */
public record RunDirectory(Path dir, TaskKind task, int tasks, int dims, int context, double mlpFactor, long seed,
                           int evalSequences, double zipfExponent, long steps) {

    public static final String CONFIG_FILE = "config.json";
    public static final String POOLS_FILE = "pools.safetensors";
    public static final String EVALSETS_FILE = "evalsets.safetensors";
    public static final String METRICS_FILE = "metrics.csv";
    public static final String PREDICTIONS_DIR = "predictions";
    private static final Pattern STEP_FILE = Pattern.compile("step-(\\d+)\\.safetensors");

    /** Reads {@code dir/config.json}; a missing or malformed field is named in the exception. */
    public static RunDirectory read(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file + " (not a run directory: no " + CONFIG_FILE + ")");
        }
        Map<String, Object> c = Json.readObject(file);
        String where = file.toString();
        TaskKind task = TaskKind.parse(text(c, "task", where));
        return new RunDirectory(dir.toAbsolutePath().normalize(), task, (int) number(c, "tasks", where),
                (int) number(c, "dims", where), (int) number(c, "context", where), number(c, "mlp_factor", where),
                (long) number(c, "seed", where), (int) number(c, "eval_sequences", where),
                c.containsKey("zipf_exponent") ? number(c, "zipf_exponent", where) : 0.0,
                (long) number(c, "steps", where));
    }

    /** True when {@code dir} holds a config.json. */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG_FILE));
    }

    /**
     * The run directories at or under {@code root} (the root itself if it is a run, else every directory up to
     * three levels down that holds a config.json), sorted by path so the order never depends on the file system.
     */
    public static List<Path> find(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new java.nio.file.NoSuchFileException(root + " (not a directory)");
        }
        if (isRun(root)) return List.of(root);
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, 3)) {
            s.filter(p -> !p.equals(root) && Files.isDirectory(p) && isRun(p)).forEach(out::add);
        }
        // a run's own sub-directories never hold config.json, but be safe against nested copies
        out.removeIf(p -> out.stream().anyMatch(q -> !q.equals(p) && p.startsWith(q)));
        Collections.sort(out);
        return out;
    }

    /** The evaluation splits of this task: train and eval (and iwl for classification). */
    public List<String> splits() {
        return task == TaskKind.CLASSIFICATION ? List.of("train", "eval", "iwl") : List.of("train", "eval");
    }

    /** Checkpoint steps that have a predictions file, ascending. */
    public long[] predictionSteps() throws IOException {
        Path p = dir.resolve(PREDICTIONS_DIR);
        if (!Files.isDirectory(p)) return new long[0];
        List<Long> steps = new ArrayList<>();
        try (Stream<Path> s = Files.list(p)) {
            s.forEach(f -> {
                Matcher m = STEP_FILE.matcher(f.getFileName().toString());
                if (m.matches()) steps.add(Long.parseLong(m.group(1)));
            });
        }
        return steps.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    public Path predictionsFile(long step) {
        return dir.resolve(PREDICTIONS_DIR).resolve("step-" + step + ".safetensors");
    }

    /**
     * metrics.csv as columns: name → (step → value), rows with an empty cell skipped for that column. Missing file
     * gives an empty map.
     */
    public Map<String, TreeMap<Long, Double>> metrics() throws IOException {
        Path f = dir.resolve(METRICS_FILE);
        Map<String, TreeMap<Long, Double>> out = new TreeMap<>();
        if (!Files.isRegularFile(f)) return out;
        List<String> lines = Files.readAllLines(f);
        if (lines.isEmpty()) return out;
        String[] header = lines.get(0).split(",", -1);
        for (String h : header) out.put(h.trim(), new TreeMap<>());
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != header.length || cells[0].isBlank()) continue;
            long step = Long.parseLong(cells[0].trim());
            for (int k = 1; k < header.length; k++) {
                String v = cells[k].trim();
                if (!v.isEmpty()) out.get(header[k].trim()).put(step, Double.parseDouble(v));
            }
        }
        return out;
    }

    /**
     * The fields the ideal predictors depend on: runs sharing this key share pools, evaluation sets and so
     * predictors.safetensors (e.g. runs differing only in mlp factor or learning rate).
     */
    public String predictorKey(int lossSequences) {
        return String.format(Locale.ROOT, "%s_dims%d_C%d_D%d_seed%d_S%d_zipf%s_loss%d", task.id(), dims, context, tasks,
                seed, evalSequences, Double.toString(zipfExponent), lossSequences);
    }

    /** The configuration a run belongs to in the analysis: (task, dims, context, mlp factor, seed). */
    public String configurationKey() {
        String dimsName = task.id().equals("categorical") ? "V" : "d";   // as in the sweep's run names
        return String.format(Locale.ROOT, "%s_%s%d_C%d_mlp%s_seed%d", task.id(), dimsName, dims, context, trim(mlpFactor),
                seed);
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String text(Map<String, Object> c, String key, String where) {
        Object v = c.get(key);
        if (!(v instanceof String s)) throw new IllegalArgumentException(where + ": field '" + key + "' must be a string");
        return s;
    }

    private static double number(Map<String, Object> c, String key, String where) {
        Object v = c.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException(where + ": field '" + key + "' must be a number");
        return n.doubleValue();
    }
}
