// A generated set of linear-regression sequences in the on-disk layout (SPEC: xs [S, C, d], ys [S, C],
// w [S, d]; taskIndex [S] in addition). Arrays are owned by the record.
package org.rationalicl.core.tasks;

/**
 * S regression sequences.
 *
 * @param count     S
 * @param dim       d
 * @param context   C
 * @param xs        (S, C, d) inputs
 * @param ys        (S, C) targets y = x·w + ε
 * @param w         (S, d) the generating task of each sequence
 * @param taskIndex (S) index of that task in its pool
 */
public record RegressionSequences(int count, int dim, int context, float[] xs, float[] ys, float[] w, int[] taskIndex) {
}
