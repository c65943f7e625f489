// The --loss-sequences option shared by predict and analyze: how many fresh training sequences estimate L(Q).
package org.rationalicl.cli;

import org.rationalicl.analysis.predictors.TrainingLoss;
import picocli.CommandLine.Option;

final class LossSequencesOption {
    static final int MAX = 1_000_000;

    @Option(names = "--loss-sequences", paramLabel = "N", defaultValue = "" + TrainingLoss.DEFAULT_SEQUENCES,
            description = "Fresh training-distribution sequences for L(Q) (computed when missing), in [1, 1000000].")
    int lossSequences;

    /** The value, or a usage error naming the flag and its range. */
    int checked() {
        if (lossSequences < 1 || lossSequences > MAX) {
            throw new UsageError("--loss-sequences = " + lossSequences + " must be in [1, " + MAX + "]");
        }
        return lossSequences;
    }
}
