/**
 * Seeded, counter-based random numbers and the samplers the task families need.
 *
 * <h2>Keys and streams</h2>
 * Every random number of the project is a pure function of four integers: the run seed, a stream id
 * (the purpose: {@link org.rationalicl.core.random.Streams}), a step and an index. {@link
 * org.rationalicl.core.random.CounterRandom} hashes the tuple into a 64-bit key with chained SplitMix64
 * finalisers and runs xoshiro256++ from it. A worker resets one generator per sequence; the data therefore
 * do not depend on the number of threads, on which thread fills which sequence, or on the order.
 *
 * <h2>Samplers</h2>
 * On {@code CounterRandom}: uniform bits / ints (unbiased) / doubles in [0,1) and (0,1); Normal (ziggurat, exact);
 * Gamma (Marsaglia–Tsang, α &lt; 1 by the U^(1/α) boost, also in log space); Dirichlet (any α &gt; 0, via
 * log-Gamma and log-sum-exp); categorical from a weight vector. {@link org.rationalicl.core.random.Zipf}: Zipf
 * over {0..n−1} with exponent s, with exact sampling conditioned on excluding one outcome. All transcendental
 * functions use {@link java.lang.StrictMath}, so samples are bit-identical across JVMs and platforms.
 *
 * <h2>Limits</h2>
 * Not cryptographic. A generator instance is not thread-safe (share keys, not instances).
 */
package org.rationalicl.core.random;
