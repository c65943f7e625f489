// Shared plumbing of the three families: the two pools, the Zipf task selector, the run seed, and the
// argument checks of fill(...). One instance per task family object; immutable.
package org.rationalicl.core.tasks;

import org.rationalicl.core.random.CounterRandom;
import org.rationalicl.core.random.Zipf;

final class TaskChoice {
    /** Largest number of sequences one call may generate (fits every layout's int-indexed arrays for C ≤ 2^16). */
    static final int MAX_SEQUENCES = 1 << 24;

    final long seed;
    final TaskPool trainPool;
    final TaskPool evalPool;
    final Zipf trainChoice; // skewed (or uniform) choice among the training tasks
    final Zipf evalChoice;  // always uniform

    TaskChoice(TaskPool trainPool, TaskPool evalPool, int width, long seed, double zipfExponent) {
        Args.notNull("trainPool", trainPool);
        Args.notNull("evalPool", evalPool);
        if (trainPool.width() != width) {
            throw new IllegalArgumentException("trainPool width = " + trainPool.width() + " must equal " + width + " for this configuration");
        }
        if (evalPool.width() != width) {
            throw new IllegalArgumentException("evalPool width = " + evalPool.width() + " must equal " + width + " for this configuration");
        }
        Args.doubleIn("zipfExponent", zipfExponent, 0.0, Zipf.MAX_EXPONENT);
        this.seed = seed;
        this.trainPool = trainPool;
        this.evalPool = evalPool;
        this.trainChoice = new Zipf(trainPool.tasks(), zipfExponent);
        this.evalChoice = new Zipf(evalPool.tasks(), 0.0);
    }

    TaskPool pool(SequenceSet set) {
        return set.usesTrainingPool() ? trainPool : evalPool;
    }

    Zipf choice(SequenceSet set) {
        return set.usesTrainingPool() ? trainChoice : evalChoice;
    }

    /** Checks the common arguments of fill(set, step, from, to, ...). */
    static void checkRange(SequenceSet set, long step, int from, int to) {
        Args.notNull("set", set);
        Args.longIn("step", step, 0, Long.MAX_VALUE);
        Args.intIn("from", from, 0, MAX_SEQUENCES);
        Args.intIn("to", to, from, MAX_SEQUENCES);
    }

    /** The generator of sequence `index` of `set` at `step`. */
    CounterRandom rng(CounterRandom reuse, SequenceSet set, long step, int index) {
        return reuse.reset(seed, set.stream(), step, index);
    }

    static int count(String field, int count) {
        return Args.intIn(field, count, 1, MAX_SEQUENCES);
    }
}
