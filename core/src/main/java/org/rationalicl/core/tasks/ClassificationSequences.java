// A generated set of classification sequences in the on-disk layout (SPEC: pairs [S, C, d+1] with the target
// as the last row and its label written as −1, labels [S]; taskIndex [S, C] in addition).
package org.rationalicl.core.tasks;

/**
 * S classification sequences.
 *
 * @param count     S
 * @param dim       d
 * @param context   C (rows per sequence, the last one is the target)
 * @param pairs     (S, C, d+1): noised item then label 0/1; the last row's label is −1
 * @param labels    (S) the target's true label, 0 or 1
 * @param taskIndex (S, C) pool index of the pair behind each row (the last entry is the target's)
 */
public record ClassificationSequences(int count, int dim, int context, float[] pairs, int[] labels, int[] taskIndex) {
}
