// The ordered map (HuggingFace GPT-NeoX name → shape, offset) of the one parameter arena. Gradients and both
// AdamW moments use the same layout, so a checkpoint is just the arena plus this layout. Each tensor starts
// ArrayAlignment.FLOAT_LEAD floats past a multiple of 16, on a 64-byte boundary of memory (a large arena starts on
// one), so that the GEMMs' vector loads of weights and gradients never straddle two cache lines; the few floats
// between tensors stay 0.
package org.rationalicl.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rationalicl.simd.ArrayAlignment;

public final class ParameterLayout {

    /** One tensor of the arena: {@code size} floats at {@code offset}, row-major {@code shape}. */
    public record Tensor(String name, int[] shape, int offset, int size, Kind kind) {
        public Tensor {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        public int rows() {
            return shape[0];
        }

        public int cols() {
            return shape.length > 1 ? shape[1] : 1;
        }
    }

    /** How a tensor is initialised (SPEC §3): N(0, 0.02²) weights, zero biases, LayerNorm weight 1 / bias 0. */
    public enum Kind { WEIGHT, BIAS, NORM_WEIGHT, NORM_BIAS }

    /** Offsets of one decoder layer's tensors (looked up once, used in the hot loop). */
    public record LayerOffsets(int ln1Weight, int ln1Bias, int qkvWeight, int denseWeight,
                               int ln2Weight, int ln2Bias, int fc1Weight, int fc1Bias, int fc2Weight, int fc2Bias) {}

    private final List<Tensor> tensors;
    private final Map<String, Tensor> byName;
    private final LayerOffsets[] layers;
    private final int size;
    /** categorical: embed_in (V+1, H); others: read_in.weight (H, inputDim). */
    public final int inWeight;
    /** read_in.bias (H), or -1 for categorical. */
    public final int inBias;
    public final int finalNormWeight, finalNormBias;
    /** categorical: embed_out (V+1, H); others: read_out.weight (outputDim, H). */
    public final int outWeight;
    /** read_out.bias (outputDim), or -1 for categorical. */
    public final int outBias;

    public ParameterLayout(ModelConfig c) {
        List<Tensor> list = new ArrayList<>();
        int h = c.hidden(), inter = c.intermediate();
        int[] at = {0};
        boolean categorical = c.head() == Head.CATEGORICAL;
        inWeight = categorical
                ? add(list, at, "gpt_neox.embed_in.weight", Kind.WEIGHT, c.vocab() + 1, h)
                : add(list, at, "read_in.weight", Kind.WEIGHT, h, c.inputDim());
        inBias = categorical ? -1 : add(list, at, "read_in.bias", Kind.BIAS, h);
        layers = new LayerOffsets[c.layers()];
        for (int i = 0; i < c.layers(); i++) {
            String p = "gpt_neox.layers." + i + ".";
            int ln1w = add(list, at, p + "input_layernorm.weight", Kind.NORM_WEIGHT, h);
            int ln1b = add(list, at, p + "input_layernorm.bias", Kind.NORM_BIAS, h);
            int qkv = add(list, at, p + "attention.query_key_value.weight", Kind.WEIGHT, 3 * h, h);
            int dense = add(list, at, p + "attention.dense.weight", Kind.WEIGHT, h, h);
            int ln2w = add(list, at, p + "post_attention_layernorm.weight", Kind.NORM_WEIGHT, h);
            int ln2b = add(list, at, p + "post_attention_layernorm.bias", Kind.NORM_BIAS, h);
            int fc1w = add(list, at, p + "mlp.dense_h_to_4h.weight", Kind.WEIGHT, inter, h);
            int fc1b = add(list, at, p + "mlp.dense_h_to_4h.bias", Kind.BIAS, inter);
            int fc2w = add(list, at, p + "mlp.dense_4h_to_h.weight", Kind.WEIGHT, h, inter);
            int fc2b = add(list, at, p + "mlp.dense_4h_to_h.bias", Kind.BIAS, h);
            layers[i] = new LayerOffsets(ln1w, ln1b, qkv, dense, ln2w, ln2b, fc1w, fc1b, fc2w, fc2b);
        }
        finalNormWeight = add(list, at, "gpt_neox.final_layer_norm.weight", Kind.NORM_WEIGHT, h);
        finalNormBias = add(list, at, "gpt_neox.final_layer_norm.bias", Kind.NORM_BIAS, h);
        outWeight = categorical
                ? add(list, at, "embed_out.weight", Kind.WEIGHT, c.vocab() + 1, h)
                : add(list, at, "read_out.weight", Kind.WEIGHT, c.outputDim(), h);
        outBias = categorical ? -1 : add(list, at, "read_out.bias", Kind.BIAS, c.outputDim());
        tensors = Collections.unmodifiableList(list);
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Tensor t : list) map.put(t.name(), t);
        byName = Collections.unmodifiableMap(map);
        size = at[0];
    }

    private static int add(List<Tensor> list, int[] at, String name, Kind kind, int... shape) {
        long n = 1;
        for (int s : shape) n *= s;
        int offset = (int) (((at[0] - ArrayAlignment.FLOAT_LEAD + 15L) & ~15L) + ArrayAlignment.FLOAT_LEAD);
        long end = offset + n;
        if (end > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("model too large: " + end + " parameters do not fit one float[] arena");
        }
        list.add(new Tensor(name, shape, offset, (int) n, kind));
        at[0] = (int) end;
        return offset;
    }

    /** All tensors in arena order. */
    public List<Tensor> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}; throws naming the unknown name. */
    public Tensor tensor(String name) {
        Tensor t = byName.get(name);
        if (t == null) throw new IllegalArgumentException("no parameter named " + name);
        return t;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    public LayerOffsets layer(int i) {
        return layers[i];
    }

    public int layerCount() {
        return layers.length;
    }

    /** Total number of floats in the arena, the zeros before and between tensors included. */
    public int size() {
        return size;
    }

    /** Number of parameters: the tensors' floats. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors) n += t.size();
        return n;
    }
}
