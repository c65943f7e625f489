// The names of the training settings: config-file keys (as in config.json), their flags, and the translation of
// TrainingConfig's validation messages into the name the user typed. One table, so train and sweep agree.
package org.rationalicl.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

final class Settings {
    private Settings() {
    }

    /** Config key → command-line flag, for every setting a user may give (config.json order). */
    static final Map<String, String> FLAGS = new LinkedHashMap<>();
    /** TrainingConfig's record component names (used in its messages) → config key. */
    private static final Map<String, String> FIELD_KEYS = new LinkedHashMap<>();

    static {
        String[][] rows = {
            {"task", "--task", "task"}, {"tasks", "--tasks", "tasks"}, {"dims", "--dims", "dims"},
            {"context", "--context", "context"}, {"hidden", "--hidden", "hidden"}, {"layers", "--layers", "layers"},
            {"heads", "--heads", "heads"}, {"mlp_factor", "--mlp-factor", "mlpFactor"}, {"batch", "--batch", "batch"},
            {"steps", "--steps", "steps"}, {"lr", "--lr", "lr"}, {"warmup", "--warmup", "warmup"},
            {"schedule", "--schedule", "schedule"}, {"clip", "--clip", "clip"}, {"seed", "--seed", "seed"},
            {"threads", "--threads", "threads"}, {"checkpoints", "--checkpoints", "checkpoints"},
            {"first_checkpoint", "--first-checkpoint", "firstCheckpoint"},
            {"last_checkpoint", "--last-checkpoint", "lastCheckpoint"},
            {"eval_sequences", "--eval-sequences", "evalSequences"}, {"zipf_exponent", "--zipf", "zipfExponent"},
            {"log_every", "--log-every", "logEvery"},
        };
        for (String[] r : rows) {
            FLAGS.put(r[0], r[1]);
            FIELD_KEYS.put(r[2], r[0]);
        }
        // the network's own checks use these names
        FIELD_KEYS.put("mlpFactor", "mlp_factor");
        FIELD_KEYS.put("vocab", "dims");
        FIELD_KEYS.put("head", "task");
    }

    /** Keys of config.json that are derived or fixed; accepted in a config file (so a run's config.json can be reused). */
    static final Set<String> DERIVED = Set.of("intermediate", "rotary_pct", "rotary_base", "layer_norm_eps", "optimizer",
            "beta1", "beta2", "adam_eps", "weight_decay", "eval_pool_size");

    /** Throws naming the first key that is neither a setting nor in {@code extra}. */
    static void requireKnown(Map<String, Object> map, String source, Set<String> extra, boolean allowDerived) {
        for (String key : map.keySet()) {
            if (FLAGS.containsKey(key) || extra.contains(key) || (allowDerived && DERIVED.contains(key))) continue;
            List<String> known = new java.util.ArrayList<>(FLAGS.keySet());
            known.addAll(extra);
            throw new UsageError(source + ": unknown key '" + key + "' (known keys: " + String.join(", ", known) + ")");
        }
    }

    /**
     * Rewrites "firstCheckpoint = 5 must be …" into "--first-checkpoint (first_checkpoint) = 5 must be …" when
     * {@code asFlag}, else "first_checkpoint = 5 must be …", so the message names what the user wrote.
     */
    static String explain(String message, boolean asFlag) {
        if (message == null) return "invalid setting";
        for (Map.Entry<String, String> e : FIELD_KEYS.entrySet()) {
            String field = e.getKey();
            if (message.startsWith(field + " ") || message.startsWith(field + ":")) {
                String key = e.getValue();
                String name = asFlag ? FLAGS.get(key) + " (" + key + ")" : key;
                return name + message.substring(field.length());
            }
        }
        return message.startsWith("config: ") ? message.substring("config: ".length()) : message;
    }
}
