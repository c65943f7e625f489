// Configuration of the Balls & Urns task (SPEC §2.1): vocabulary V, context length C, Dirichlet prior α.
// Validated on construction; the record is the whole configuration.
package org.rationalicl.core.tasks;

/**
 * Balls &amp; Urns: a task is θ ~ Dirichlet(α, …, α) over V symbols; a sequence is the start token (id V)
 * followed by C i.i.d. draws from θ.
 *
 * @param vocab          V, number of symbols, in [2, 4096] (token vocabulary is V + 1)
 * @param context        C, draws per sequence, in [1, 65536]
 * @param dirichletAlpha α of the symmetric Dirichlet prior, in (0, 1e6]
 */
public record CategoricalConfig(int vocab, int context, double dirichletAlpha) {
    public static final int DEFAULT_VOCAB = 8;
    public static final int DEFAULT_CONTEXT = 128;
    public static final double DEFAULT_ALPHA = 1.0;
    public static final int MAX_VOCAB = 4096;
    public static final int MAX_CONTEXT = 1 << 16;

    public CategoricalConfig {
        Args.intIn("vocab (V)", vocab, 2, MAX_VOCAB);
        Args.intIn("context (C)", context, 1, MAX_CONTEXT);
        Args.doubleAbove("dirichletAlpha", dirichletAlpha, 0.0, 1e6);
    }

    /** V = 8, C = 128, α = 1. */
    public static CategoricalConfig defaults() {
        return new CategoricalConfig(DEFAULT_VOCAB, DEFAULT_CONTEXT, DEFAULT_ALPHA);
    }

    /** The start token's id, V. */
    public int startToken() { return vocab; }

    /** Tokens per sequence, C + 1. */
    public int sequenceLength() { return context + 1; }
}
