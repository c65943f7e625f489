// A sweep's grid (a JSON or YAML file): the task, lists of D, context, mlp_factor, dims and seeds, and a scalar or
// a list for every other training setting; expanded in a fixed order into named, validated runs.
package org.rationalicl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.rationalicl.train.TrainingConfig;

final class SweepGrid {
    /** Keys that are not training settings: the seed list and an optional prefix of the run names. */
    static final String SEEDS = "seeds", PREFIX = "prefix";
    /** The axes every run name shows, in name order (see {@link #name}). */
    private static final List<String> NAMED_AXES = List.of("dims", "context", "mlp_factor", "tasks", "seed");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** One run of the grid: its directory name (relative to the sweep root) and its configuration. */
    record Run(String name, TrainingConfig config) {}

    final Map<String, Object> source;   // the file's mapping, as read
    final List<Run> runs;

    private SweepGrid(Map<String, Object> source, List<Run> runs) {
        this.source = source;
        this.runs = runs;
    }

    static SweepGrid read(Path file) throws java.io.IOException {
        return of(ConfigFiles.read(file), "sweep config " + file);
    }

    /** Validates every field (naming it and its range) and expands the grid; {@code where} prefixes messages. */
    static SweepGrid of(Map<String, Object> map, String where) {
        Settings.requireKnown(map, where, Set.of(SEEDS, PREFIX), false);
        if (map.containsKey("threads")) {
            throw new UsageError(where + ": threads is not a sweep setting; use --threads-per-run");
        }
        if (map.containsKey("seed") && map.containsKey(SEEDS)) {
            throw new UsageError(where + ": give either seed or seeds, not both");
        }
        Object task = map.get("task");
        if (!(task instanceof String)) throw new UsageError(where + ": task must be one of categorical, regression, classification");
        String prefix = "";
        if (map.containsKey(PREFIX)) {
            Object p = map.get(PREFIX);
            if (!(p instanceof String s) || !SAFE_NAME.matcher(s).matches() || s.contains("..")) {
                throw new UsageError(where + ": prefix = " + p + " must be a plain name (letters, digits, . _ -; no"
                        + " '..', no '/', not absolute): run directories stay inside the sweep directory");
            }
            prefix = s + "_";
        }
        // axes: every key with its list of values, seeds renamed to seed
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = e.getKey();
            if (key.equals(PREFIX)) continue;
            String setting = key.equals(SEEDS) ? "seed" : key;
            List<Object> values = values(where, key, e.getValue());
            if (key.equals("task") && values.size() != 1) throw new UsageError(where + ": task must be a single value");
            axes.put(setting, values);
        }
        // order of expansion: the named axes first (outermost dims … seed innermost), then other lists in file order
        List<String> order = new ArrayList<>();
        for (String a : NAMED_AXES) if (axes.containsKey(a)) order.add(a);
        for (String k : axes.keySet()) if (!order.contains(k)) order.add(k);
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (String key : order) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
                for (Object v : axes.get(key)) {
                    Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(key, v);
                    next.add(m);
                }
            }
            combos = next;
            if (combos.size() > 100_000) throw new UsageError(where + ": the grid has more than 100000 runs");
        }
        List<Run> runs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map<String, Object> c : combos) {
            TrainingConfig config;
            try {
                config = TrainingConfig.fromJson(c);
            } catch (IllegalArgumentException e) {
                throw new UsageError(where + ": " + Settings.explain(e.getMessage(), false) + " (run " + describe(c) + ")");
            }
            String name = prefix + name(config, axes);
            if (!names.add(name)) throw new UsageError(where + ": two runs would share the directory " + name);
            runs.add(new Run(name, config));
        }
        return new SweepGrid(map, List.copyOf(runs));
    }

    private static List<Object> values(String where, String key, Object v) {
        List<Object> list = v instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(List.of(v == null ? "null" : v));
        if (list.isEmpty()) throw new UsageError(where + ": " + key + " is an empty list; give at least one value");
        Set<Object> seen = new HashSet<>();
        for (Object o : list) {
            if (o == null || o instanceof Map || o instanceof List) {
                throw new UsageError(where + ": " + key + " must be a number/name or a list of them, found " + o);
            }
            // 4 and 4.0 are the same setting
            Object norm = o instanceof Number n ? (Object) n.doubleValue() : o;
            if (!seen.add(norm)) throw new UsageError(where + ": " + key + " lists " + o + " twice");
        }
        return list;
    }

    private static String describe(Map<String, Object> c) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : c.entrySet()) {
            if (e.getKey().equals("task")) continue;
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * categorical_V8_C128_mlp4_D16_seed0, then _key<value> for every other setting the grid varies (lr, steps …):
     * readable, stable across machines, and made only of [A-Za-z0-9._-].
     */
    static String name(TrainingConfig c, Map<String, List<Object>> axes) {
        StringBuilder sb = new StringBuilder(c.task().id());
        sb.append(c.task().id().equals("categorical") ? "_V" : "_d").append(c.dims());
        sb.append("_C").append(c.context());
        sb.append("_mlp").append(TrainCommand.number(c.mlpFactor()));
        sb.append("_D").append(c.tasks());
        sb.append("_seed").append(c.seed());
        Map<String, Object> json = c.toJson();
        for (Map.Entry<String, List<Object>> e : axes.entrySet()) {
            String key = e.getKey();
            if (NAMED_AXES.contains(key) || key.equals("task") || e.getValue().size() < 2) continue;
            Object v = json.get(key);
            String value = v instanceof Number n ? TrainCommand.number(n.doubleValue()) : String.valueOf(v);
            sb.append('_').append(key.replace("_", "")).append(value.replaceAll("[^A-Za-z0-9.-]", "-"));
        }
        return sb.toString();
    }

    /** sweep.json: the grid as given and the run list. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "icl-sweep/1");
        m.put("grid", source);
        List<Object> list = new ArrayList<>();
        for (Run r : runs) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", r.name());
            e.put("config", r.config().identity());
            list.add(e);
        }
        m.put("runs", list);
        return m;
    }
}
