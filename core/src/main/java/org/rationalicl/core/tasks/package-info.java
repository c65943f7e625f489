/**
 * The three task families of the spec (§2): Balls &amp; Urns ({@code categorical}), linear regression
 * ({@code regression}) and classification ({@code classification}).
 *
 * <h2>One family object per run</h2>
 * {@code XxxTasks.create(config, D, seed, zipfExponent)} draws the training pool (D tasks, stream
 * {@code POOL_TRAIN}, seed) and the evaluation pool (500 tasks, stream {@code POOL_EVAL}, seed + 1). Task j of a
 * pool comes from key (seed, stream, 0, j), so the pool of D tasks is the first D rows of any larger pool of the
 * same seed. A pool can also be built from arrays ({@code XxxTasks.pool(config, array, D)}, validated and
 * copied) and passed to the constructor, e.g. after loading a numpy file.
 *
 * <h2>Sequence sets and streams</h2>
 * {@link org.rationalicl.core.tasks.SequenceSet}: {@code TRAINING} (batches; key (seed, TRAINING, step, b) for
 * position b of the batch), the fixed evaluation splits {@code TRAIN} ("train", training pool, ID),
 * {@code EVAL} ("eval", evaluation pool, OOD), {@code IWL} ("iwl", classification only: the target pair comes
 * from the training pool and is absent from the context) and {@code LOSS} (fresh training-distribution sequences
 * for L(Q)). Evaluation and loss sets are generated at step 0, sequence i from key (seed, stream, 0, i); they
 * are the same for every checkpoint and a longer set starts with the shorter one. Training-pool sets pick their
 * task with the Zipf exponent s (0 = uniform): pool task j has probability ∝ (j+1)^(−s), so task 0 is the most
 * frequent; "eval" always picks uniformly.
 *
 * <h2>Filling</h2>
 * {@code fill(set, step, from, to, arrays...)} writes rows [from, to) of caller-provided, batch-shaped arrays;
 * threads may fill disjoint row ranges concurrently and the content does not depend on the split.
 * {@code sequences(set, count)} allocates and returns a record of arrays.
 *
 * <h2>Layouts (row-major, the on-disk contract)</h2>
 * <ul>
 * <li>categorical: tokens int [S, C+1] (token 0 = start token V, then C draws in 0..V−1), theta float [S, V],
 *     taskIndex int [S]; pool float [D, V].</li>
 * <li>regression: xs float [S, C, d], ys float [S, C] (y = x·w + ε, ε ~ N(0, σ²), σ² = d/256 by default),
 *     w float [S, d], taskIndex int [S]; pool float [D, d].</li>
 * <li>classification: pairs float [S, C, d+1] (noised item, then label 0/1; the last row is the target with
 *     label −1), labels int [S] (the target's true label), taskIndex int [S, C] (pool pair behind each row);
 *     pool float [D, d+1] (item, label).</li>
 * </ul>
 * taskIndex refers to the set's pool: the evaluation pool for "eval", the training pool otherwise.
 */
package org.rationalicl.core.tasks;
