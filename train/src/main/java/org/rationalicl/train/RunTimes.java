// Where a training run's wall time went: optimizer steps, checkpoint evaluation (forward passes over the evaluation
// splits) and writing checkpoints, predictions, metrics and state. Stored as timing.json in the run directory
// (docs/FORMATS.md); wall-clock seconds, so on a shared machine they include other processes' interference.
package org.rationalicl.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rationalicl.core.io.FormatException;

/**
 * @param sessions          how many processes trained this run (a resume is a new session)
 * @param trainingSeconds   inside {@link Trainer#trainStep} (sampling, forward, backward, clipping, AdamW)
 * @param evaluationSeconds evaluating checkpoints on the evaluation splits
 * @param writingSeconds    writing checkpoints, predictions, metrics.csv, state and this record
 * @param totalSeconds      wall time of the training calls; the rest beyond the three parts is the loop itself
 *                          and the listener (progress display)
 */
public record RunTimes(int sessions, double trainingSeconds, double evaluationSeconds, double writingSeconds,
        double totalSeconds) {

    public static final RunTimes NONE = new RunTimes(0, 0, 0, 0, 0);

    public RunTimes {
        if (sessions < 0) throw new IllegalArgumentException("sessions = " + sessions + " must be >= 0");
        requireSeconds("training_s", trainingSeconds);
        requireSeconds("evaluation_s", evaluationSeconds);
        requireSeconds("checkpoint_writing_s", writingSeconds);
        requireSeconds("total_s", totalSeconds);
    }

    private static void requireSeconds(String field, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) throw new IllegalArgumentException(field + " = " + v + " must be finite and >= 0");
    }

    /** Both records' times added (a stored run and the session that resumed it). */
    public RunTimes plus(RunTimes o) {
        return new RunTimes(sessions + o.sessions, trainingSeconds + o.trainingSeconds,
                evaluationSeconds + o.evaluationSeconds, writingSeconds + o.writingSeconds, totalSeconds + o.totalSeconds);
    }

    /** "training 92.1%, evaluation 6.3%, checkpoints 1.6%" of the total (all 0% before any time was recorded). */
    public String shares() {
        double t = totalSeconds > 0 ? totalSeconds : 1;
        return String.format(Locale.ROOT, "training %.1f%%, evaluation %.1f%%, checkpoints %.1f%%",
                100 * trainingSeconds / t, 100 * evaluationSeconds / t, 100 * writingSeconds / t);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessions", (long) sessions);
        m.put("training_s", trainingSeconds);
        m.put("evaluation_s", evaluationSeconds);
        m.put("checkpoint_writing_s", writingSeconds);
        m.put("total_s", totalSeconds);
        return m;
    }

    /** Parses {@link #toJson()}'s form; a missing or malformed field is a {@link FormatException} naming it. */
    public static RunTimes fromJson(Map<String, Object> m, String source) throws FormatException {
        try {
            return new RunTimes((int) number(m, "sessions", source), number(m, "training_s", source),
                    number(m, "evaluation_s", source), number(m, "checkpoint_writing_s", source),
                    number(m, "total_s", source));
        } catch (IllegalArgumentException e) {
            throw new FormatException(source, "timing", e.getMessage());
        }
    }

    private static double number(Map<String, Object> m, String field, String source) throws FormatException {
        if (!(m.get(field) instanceof Number n)) throw new FormatException(source, field, "missing or not a number");
        return n.doubleValue();
    }
}
