// A generated set of Balls & Urns sequences in the on-disk layout (SPEC: tokens [S, C+1], theta [S, V],
// taskIndex [S]). Arrays are owned by the record; callers must not modify them if the set is shared.
package org.rationalicl.core.tasks;

/**
 * S categorical sequences.
 *
 * @param count     S
 * @param vocab     V
 * @param context   C
 * @param tokens    (S, C+1) row-major: token 0 is the start token V, then C draws in [0, V)
 * @param theta     (S, V) the generating task θ of each sequence
 * @param taskIndex (S) index of that task in its pool (training pool, or evaluation pool for "eval")
 */
public record CategoricalSequences(int count, int vocab, int context, int[] tokens, float[] theta, int[] taskIndex) {
}
