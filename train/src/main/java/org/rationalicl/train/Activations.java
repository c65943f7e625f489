// Every activation, saved value and backward scratch buffer of the network for up to `capacity` sequences, as
// offsets into one float[] arena allocated once; a training step then allocates nothing.
package org.rationalicl.train;

import org.rationalicl.simd.ArrayAlignment;

public final class Activations {
    public final ModelConfig config;
    public final int capacity;
    /** The arena; every field below is an offset into it. */
    final float[] a;
    /** What Model's cache-line touches read (weights, gradients, activations), kept so that the loads stay. */
    float touched;

    // forward, saved for backward (B = capacity, T = ModelConfig.positions(), nh = heads). In the last layer, from
    // the attention output on (attn, mid, ln2, fcPre, fcAct, residual[L], lnf), only the head rows are kept or
    // computed, stored compact at the start (see HeadRows).
    final int[] residual;   // L+1 × (B, T, H): input of layer l; residual[L] feeds the final LayerNorm
    final int[] mid;        // L × (B, T, H): residual after the attention block of layer l
    final int[] ln1, ln1Mean, ln1Rstd;   // L × (B, T, H), (B, T), (B, T); −1 for layer 0 under TokenProjection
                                         // (ln1 alone under ReadInProjection)
    final int[] qkv;        // L × (B, T, 3H), per head [q | k | v], q and k after rotary
    final int[] probs;      // L × (B, nh, T, T) causal attention probabilities
    final int[] attn;       // L × (B, T, H) attention output before dense (FoldedDense on all rows: unwritten)
    final int[] ln2, ln2Mean, ln2Rstd;   // L × (B, T, H), (B, T), (B, T)
    final int[] fcPre;      // L × (B, T, I) GELU′ of fc1's output, for backward (MidAtRank: its fc1 output first)
    final int[] fcAct;      // L × (B, T, I) after GELU
    final int lnf, lnfMean, lnfRstd;      // (B, T, H), (B, T), (B, T)
    final int out;          // (B, outputRows, outputDim): logits or regression values
    // layer 0 per vocabulary entry (TokenProjection; empty for the other heads)
    final int tokenLn1, tokenLn1Mean, tokenLn1Rstd;   // (V+1, H), (V+1), (V+1)
    final int tokenQkv;     // (V+1, 3H) before rotary
    final int tokenProbs;   // (B, nh, T, V+1) layer 0's attention probabilities summed per key token (GEMM path)
    // layer 0's mid rows as coefficient rows m wide, q per head (MidAtRank; empty otherwise)
    final int midU;         // (nh·q, H) each head's value rows through its columns of the dense weight
    final int midP;         // (B, nh, T, q) a read-in model's P·z″ (a categorical model's are tokenProbs)
    final int midBasis;     // (m, H) [(residual rows; U) centred over the hidden units, times LN2's weight | β]
    final int midK;         // (m, I) midBasis · W_fc1ᵀ
    final int midZ;         // (B, T, m) [rstd·(residual coefficients) | rstd·(P·onehot or P·z″) per head | 1]
    // layer 0 of a read-in model at rank w = d′+2 (ReadInProjection; empty otherwise)
    final int readInZ;      // (B, T, w) rstd·[z, 1] and 1
    final int readInCentered;   // (H, w−1) [read_in | bias] centred over the hidden units
    final int readInGainT;  // (w, H) [diag(ln1 weight) · centred | ln1 bias]ᵀ
    final int readInKT;     // (w, 3H) readInGainT · W_qkvᵀ

    // backward scratch, reused by every layer
    final int dResidual;    // (B, T, H) gradient of the residual stream
    final int dLn;          // (B, T, H) gradient at a LayerNorm output
    final int dScratch;     // (B, T, H) a LayerNorm output that is not kept (layer 0 at rank: ReadInProjection, MidAtRank)
    final int dQkv;         // (B, T, 3H)
    final int dAttn;        // (B, T, H)
    final int dFc;          // (B, T, I); in forward, fc1's output until GELU reads it
    final int dOut;         // (B, outputRows, outputDim)
    final int scores;       // (T, T) attention scores or their gradient of one (sequence, head)
    final int tokenDQkv;    // (V+1, 3H) ∂L/∂qkv[0] summed per token
    final int tokenDLn;     // (V+1, H)
    final int tokenDIn;     // (V+1, H) LN1's input gradient per token, before it is added to embed_in's
    final int tokenDv;      // (V+1, H) ∂L/∂v of layer 0 per token, every head
    final int oneHot;       // (T, V+1) one sequence's tokens, one-hot
    final int tokenX;       // (T, V+1) ∂L/∂(attention output) · v_tokenᵀ of one (sequence, head)
    final int midG;         // (m, I) midZᵀ · dFc
    final int midQ;         // (q, H) Σ_b Y_bᵀ · ∂L/∂mid_b of one head
    final int readInGT;     // (w, 3H) readInZᵀ · dQkv
    final int readInPT;     // (w, H) readInGT · W_qkv
    final int readInYT;     // (w−1, B·T) readInKT's first w−1 rows · dQkvᵀ
    final int readInM;      // (B, T, w−1) row r: m_r z′_r
    final int readInS;      // (w−1, w−1) Σ_r m_r z′_r z′_rᵀ
    final int readInAs;     // (H, w−1) readInCentered · readInS

    private long next;

    public Activations(ModelConfig c, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("activation capacity = " + capacity + " must be >= 1");
        this.config = c;
        this.capacity = capacity;
        long b = capacity, t = c.positions(), h = c.hidden(), in = c.intermediate(), nh = c.heads();
        int layers = c.layers();
        long bth = b * t * h, bt = b * t;
        residual = new int[layers + 1];
        mid = new int[layers];
        ln1 = new int[layers];
        ln1Mean = new int[layers];
        ln1Rstd = new int[layers];
        qkv = new int[layers];
        probs = new int[layers];
        attn = new int[layers];
        ln2 = new int[layers];
        ln2Mean = new int[layers];
        ln2Rstd = new int[layers];
        fcPre = new int[layers];
        fcAct = new int[layers];
        boolean byToken = TokenProjection.applies(c);
        long tokens = byToken ? c.vocab() + 1 : 0;
        boolean readIn = ReadInProjection.applies(c);
        boolean midAtRank = MidAtRank.applies(c);
        long mw = midAtRank ? MidAtRank.width(c) : 0, mq = midAtRank ? MidAtRank.perHead(c) : 0;
        long w = readIn ? ReadInProjection.width(c) : 0, e = Math.max(w - 1, 0);
        residual[0] = take(bth);
        for (int l = 0; l < layers; l++) {
            boolean perPosition = l > 0 || !byToken;   // else never read: an offset of −1 fails loudly if it were
            ln1[l] = perPosition && (l > 0 || !readIn) ? take(bth) : -1;   // ReadInProjection keeps only rstd
            ln1Mean[l] = perPosition ? take(bt) : -1;
            ln1Rstd[l] = perPosition ? take(bt) : -1;
            qkv[l] = take(3 * bth);
            probs[l] = take(b * nh * t * t);
            attn[l] = take(bth);
            mid[l] = take(bth);
            ln2[l] = take(bth);
            ln2Mean[l] = take(bt);
            ln2Rstd[l] = take(bt);
            fcPre[l] = take(bt * in);
            fcAct[l] = take(bt * in);
            residual[l + 1] = take(bth);
        }
        lnf = take(bth);
        lnfMean = take(bt);
        lnfRstd = take(bt);
        long outSize = b * c.outputRows() * c.outputDim();
        out = take(outSize);
        tokenLn1 = take(tokens * h);
        tokenLn1Mean = take(tokens);
        tokenLn1Rstd = take(tokens);
        tokenQkv = take(tokens * 3 * h);
        tokenProbs = take(b * nh * t * tokens);
        midU = take(nh * mq * h);
        midP = take(midAtRank && !byToken ? b * nh * t * mq : 0);
        midBasis = take(mw * h);
        midK = take(mw * in);
        midZ = take(bt * mw);
        readInZ = take(bt * w);
        readInCentered = take(h * e);
        readInGainT = take(w * h);
        readInKT = take(w * 3 * h);
        dResidual = take(bth);
        dLn = take(bth);
        dScratch = take(bth);
        dQkv = take(3 * bth);
        dAttn = take(bth);
        dFc = take(bt * in);
        dOut = take(outSize);
        scores = take(t * t);
        tokenDQkv = take(tokens * 3 * h);
        tokenDLn = take(tokens * h);
        tokenDIn = take(tokens * h);
        tokenDv = take(tokens * h);
        oneHot = take(t * tokens);
        tokenX = take(t * tokens);
        midG = take(mw * in);
        midQ = take(mq * h);
        readInGT = take(w * 3 * h);
        readInPT = take(w * h);
        readInYT = take(e * bt);
        readInM = take(bt * e);
        readInS = take(e * e);
        readInAs = take(h * e);
        a = new float[(int) next + ArrayAlignment.FLOAT_LEAD];
    }

    private int take(long n) {
        // every buffer starts ArrayAlignment.FLOAT_LEAD floats past a multiple of 16, on a 64-byte boundary of
        // memory when the arena starts on one (a large array does): the vector kernels' loads then never straddle
        // two cache lines (3–5% of a training step, paired)
        long at = next + ArrayAlignment.FLOAT_LEAD;
        next = (next + n + 15) & ~15L;
        if (next > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("activations for batch " + capacity + " exceed one float[] arena ("
                    + next + " floats); use a smaller batch per thread or a shorter context");
        }
        return (int) at;
    }

    /** Floats in the arena (for memory reports). */
    public long floats() {
        return a.length;
    }
}
