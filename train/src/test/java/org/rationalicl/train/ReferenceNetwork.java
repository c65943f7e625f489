// A second, deliberately plain implementation of the whole network in double precision, written from the
// HuggingFace GPTNeoX description (not from the float code): the oracle of the gradient check.
package org.rationalicl.train;

import org.rationalicl.simd.Rotary;

final class ReferenceNetwork {
    final ModelConfig c;
    final ParameterLayout layout;
    final int b, t, h, nh, hs, rot;
    private final double[][] cos, sin; // (T, rot/2), HF's float32 tables widened

    // data (one of the three is used)
    int[][] tokens;        // (B, T)
    double[][][] vectors;  // (B, T, d')
    int[] labels;          // (B)
    double[][] ys;         // (B, C)

    /** Outputs of the last forward, (B, outputRows, outputDim). */
    double[][][] outputs;

    ReferenceNetwork(ModelConfig c, int batch) {
        this.c = c;
        this.layout = new ParameterLayout(c);
        this.b = batch;
        this.t = c.seqLen();
        this.h = c.hidden();
        this.nh = c.heads();
        this.hs = h / nh;
        this.rot = c.rotaryDims();
        cos = new double[t][rot / 2];
        sin = new double[t][rot / 2];
        if (rot > 0) {
            float[] fc = new float[t * rot / 2], fs = new float[t * rot / 2];
            Rotary.tables(fc, fs, t, rot, c.rotaryBase());
            for (int p = 0; p < t; p++) {
                for (int i = 0; i < rot / 2; i++) {
                    cos[p][i] = fc[p * rot / 2 + i];
                    sin[p][i] = fs[p * rot / 2 + i];
                }
            }
        }
    }

    private int off(String name) {
        return layout.tensor(name).offset();
    }

    /** y = W x + bias, W (out, in) row-major at wOff; bOff < 0: no bias. */
    private static double[] linear(double[] p, int wOff, int bOff, double[] x, int out) {
        int in = x.length;
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = bOff < 0 ? 0 : p[bOff + o];
            for (int i = 0; i < in; i++) s += p[wOff + o * in + i] * x[i];
            y[o] = s;
        }
        return y;
    }

    private static double[] layerNorm(double[] p, int wOff, int bOff, double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) mean += v;
        mean /= n;
        double var = 0;
        for (double v : x) var += (v - mean) * (v - mean);
        var /= n;
        double inv = 1 / Math.sqrt(var + 1e-5);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = (x[i] - mean) * inv * p[wOff + i] + p[bOff + i];
        return y;
    }

    /** erf by its Taylor series (|x| < 3) or the continued fraction of erfc (|x| ≥ 3); ~1e-13 accurate. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 3) {
            double term = x, sum = x;
            for (int n = 1; n < 200; n++) {
                term *= -x * x / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        double k = ax;
        for (int n = 80; n >= 1; n--) k = ax + (n / 2.0) / k;
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / k;
        return Math.signum(x) * (1 - erfc);
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** Mean loss of the batch (SPEC §2), filling {@link #outputs}. */
    double loss(double[] p) {
        outputs = new double[b][c.outputRows()][c.outputDim()];
        double total = 0;
        for (int s = 0; s < b; s++) total += sequenceLoss(p, s);
        long terms = c.head() == Head.CLASSIFICATION ? b : (long) b * c.context();
        return total / terms;
    }

    private double sequenceLoss(double[] p, int s) {
        double[][] x = new double[t][];
        for (int pos = 0; pos < t; pos++) {
            if (c.head() == Head.CATEGORICAL) {
                x[pos] = new double[h];
                int e = off("gpt_neox.embed_in.weight") + tokens[s][pos] * h;
                for (int i = 0; i < h; i++) x[pos][i] = p[e + i];
            } else {
                x[pos] = linear(p, off("read_in.weight"), off("read_in.bias"), vectors[s][pos], h);
            }
        }
        for (int l = 0; l < c.layers(); l++) {
            String pre = "gpt_neox.layers." + l + ".";
            // attention
            double[][] q = new double[t][h], k = new double[t][h], v = new double[t][h];
            for (int pos = 0; pos < t; pos++) {
                double[] ln = layerNorm(p, off(pre + "input_layernorm.weight"), off(pre + "input_layernorm.bias"), x[pos]);
                double[] qkv = linear(p, off(pre + "attention.query_key_value.weight"), -1, ln, 3 * h);
                for (int head = 0; head < nh; head++) {
                    for (int i = 0; i < hs; i++) {
                        q[pos][head * hs + i] = qkv[head * 3 * hs + i];
                        k[pos][head * hs + i] = qkv[head * 3 * hs + hs + i];
                        v[pos][head * hs + i] = qkv[head * 3 * hs + 2 * hs + i];
                    }
                    rotate(q[pos], head * hs, pos);
                    rotate(k[pos], head * hs, pos);
                }
            }
            double[][] att = new double[t][h];
            for (int head = 0; head < nh; head++) {
                for (int pos = 0; pos < t; pos++) {
                    double[] score = new double[pos + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= pos; j++) {
                        double d = 0;
                        for (int i = 0; i < hs; i++) d += q[pos][head * hs + i] * k[j][head * hs + i];
                        score[j] = d / Math.sqrt(hs);
                        max = Math.max(max, score[j]);
                    }
                    double z = 0;
                    for (int j = 0; j <= pos; j++) z += Math.exp(score[j] - max);
                    for (int j = 0; j <= pos; j++) {
                        double w = Math.exp(score[j] - max) / z;
                        for (int i = 0; i < hs; i++) att[pos][head * hs + i] += w * v[j][head * hs + i];
                    }
                }
            }
            for (int pos = 0; pos < t; pos++) {
                double[] dense = linear(p, off(pre + "attention.dense.weight"), -1, att[pos], h);
                for (int i = 0; i < h; i++) x[pos][i] += dense[i];
            }
            // MLP
            for (int pos = 0; pos < t; pos++) {
                double[] ln = layerNorm(p, off(pre + "post_attention_layernorm.weight"),
                        off(pre + "post_attention_layernorm.bias"), x[pos]);
                double[] fc = linear(p, off(pre + "mlp.dense_h_to_4h.weight"), off(pre + "mlp.dense_h_to_4h.bias"),
                        ln, c.intermediate());
                for (int i = 0; i < fc.length; i++) fc[i] = gelu(fc[i]);
                double[] o = linear(p, off(pre + "mlp.dense_4h_to_h.weight"), off(pre + "mlp.dense_4h_to_h.bias"), fc, h);
                for (int i = 0; i < h; i++) x[pos][i] += o[i];
            }
        }
        double[][] f = new double[t][];
        for (int pos = 0; pos < t; pos++) {
            f[pos] = layerNorm(p, off("gpt_neox.final_layer_norm.weight"), off("gpt_neox.final_layer_norm.bias"), x[pos]);
        }
        double loss = 0;
        switch (c.head()) {
            case CATEGORICAL -> {
                // every position is computed; the loss and the outputs are those of the C trained ones
                for (int pos = 0; pos < t; pos++) {
                    double[] logits = linear(p, off("embed_out.weight"), -1, f[pos], c.vocab() + 1);
                    if (pos < c.context()) {
                        outputs[s][pos] = logits;
                        loss -= logSoftmax(logits)[tokens[s][pos + 1]];
                    }
                }
            }
            case REGRESSION -> {
                for (int i = 0; i < c.context(); i++) {
                    double y = linear(p, off("read_out.weight"), off("read_out.bias"), f[2 * i], 1)[0];
                    outputs[s][i][0] = y;
                    loss += (y - ys[s][i]) * (y - ys[s][i]);
                }
            }
            case CLASSIFICATION -> {
                double[] logits = linear(p, off("read_out.weight"), off("read_out.bias"), f[t - 1], 2);
                outputs[s][0] = logits;
                loss -= logSoftmax(logits)[labels[s]];
            }
        }
        return loss;
    }

    /** HF rotate-half on the first rot dims of the head starting at x[at]. */
    private void rotate(double[] x, int at, int pos) {
        int half = rot / 2;
        for (int i = 0; i < half; i++) {
            double x1 = x[at + i], x2 = x[at + i + half];
            x[at + i] = x1 * cos[pos][i] - x2 * sin[pos][i];
            x[at + i + half] = x2 * cos[pos][i] + x1 * sin[pos][i];
        }
    }

    private static double[] logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0;
        for (double v : z) sum += Math.exp(v - max);
        double lse = max + Math.log(sum);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) out[i] = z[i] - lse;
        return out;
    }
}
