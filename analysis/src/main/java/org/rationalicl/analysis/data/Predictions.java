// One predictor's outputs (network, M, G or constant) on one evaluation set, as a flat float array.
// Distributions: (S, C, V) probabilities; regression: (S, C) values (outcomes = 1); classification: (S, 1, 2).
package org.rationalicl.analysis.data;

/**
 * @param values    flat row-major values, length sequences·positions·outcomes  // (S, C, V)
 * @param sequences S, the number of evaluation sequences
 * @param positions C, the predicted positions per sequence (1 for classification)
 * @param outcomes  V, the outcomes per position (1 for regression, 2 for classification)
 */
public record Predictions(float[] values, int sequences, int positions, int outcomes) {
    public Predictions {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        if (sequences < 1 || positions < 1 || outcomes < 1) {
            throw new IllegalArgumentException("sequences, positions and outcomes must be >= 1; got ("
                    + sequences + ", " + positions + ", " + outcomes + ")");
        }
        long expected = (long) sequences * positions * outcomes;
        if (values.length != expected) {
            throw new IllegalArgumentException("values.length must be sequences*positions*outcomes = " + expected
                    + "; got " + values.length);
        }
    }

    /** Categorical predictions (S, C, V). */
    public static Predictions categorical(float[] values, int sequences, int positions, int symbols) {
        return new Predictions(values, sequences, positions, symbols);
    }

    /** Regression predictions (S, C). */
    public static Predictions regression(float[] values, int sequences, int positions) {
        return new Predictions(values, sequences, positions, 1);
    }

    /** Classification label distributions (S, 2). */
    public static Predictions classification(float[] values, int sequences) {
        return new Predictions(values, sequences, 1, 2);
    }

    public int size() {
        return values.length;
    }

    /** Number of predicted positions over all sequences, S·C. */
    public int rows() {
        return sequences * positions;
    }

    /** Throws unless {@code other} has the same shape; {@code what} names the argument in the message. */
    public void requireSameShape(Predictions other, String what) {
        if (other.sequences != sequences || other.positions != positions || other.outcomes != outcomes) {
            throw new IllegalArgumentException(what + " has shape (" + other.sequences + ", " + other.positions + ", "
                    + other.outcomes + "), expected (" + sequences + ", " + positions + ", " + outcomes + ")");
        }
    }
}
