// The ideal Bayesian predictors of SPEC §2 (M, G, constant) for the three task families, their per-position
// losses and in-context evidence, and L(Q) by median-of-means. Plain flat arrays in, flat arrays out.
/**
 * One class per family ({@link org.rationalicl.analysis.predictors.CategoricalPredictors},
 * {@link org.rationalicl.analysis.predictors.RegressionPredictors},
 * {@link org.rationalicl.analysis.predictors.ClassificationPredictors}) holds a training pool and computes
 * {@code predict(Strategy, …)} for a batch of sequences at every position, plus {@code losses(…)}: the
 * per-position negative log-likelihood that L(Q) averages. {@link org.rationalicl.analysis.predictors.Evidence}
 * turns losses into the in-context log-evidence used by the context-dependent rational model;
 * {@link org.rationalicl.analysis.predictors.TrainingLoss} estimates L(Q) from a
 * {@link org.rationalicl.analysis.predictors.SequenceLossSource} (each family's {@code perSequenceLoss(…)} builds
 * one from a source of fresh training sequences) by {@link org.rationalicl.analysis.predictors.MedianOfMeans}.
 *
 * <p>The algorithms themselves live one per file ({@code MemorizingCategorical}, {@code GeneralizingCategorical},
 * {@code MemorizingRegression}, {@code GeneralizingRegression}, {@code MemorizingClassification},
 * {@code GeneralizingClassification}; package-private), so that the complexity estimate K(Q) can take the code of
 * M and of G from their own packaged sources ({@code Complexity.packagedSource("MemorizingCategorical.java")}).
 *
 * <p>Every predictor call splits its sequences over the current fork-join pool; each sequence's result depends
 * only on that sequence, and the posterior kernels use only IEEE-exact lane operations (their own exp, lane sums
 * in a fixed order), so results are bit-identical whatever the thread count and JIT state.
 */
package org.rationalicl.analysis.predictors;
