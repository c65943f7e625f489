// The parameter arena's names, shapes and init follow HuggingFace's GPTNeoXForCausalLM state dict and SPEC §3.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rationalicl.simd.ArrayAlignment;

class ParameterLayoutTest {

    @Test
    void categoricalDefaultHasHuggingFaceNamesShapesAndCount() {
        ParameterLayout layout = new ParameterLayout(ModelConfig.defaults(Head.CATEGORICAL, 8, 128));
        List<String> names = layout.tensors().stream().map(ParameterLayout.Tensor::name).toList();
        assertEquals(List.of("gpt_neox.embed_in.weight",
                "gpt_neox.layers.0.input_layernorm.weight", "gpt_neox.layers.0.input_layernorm.bias",
                "gpt_neox.layers.0.attention.query_key_value.weight", "gpt_neox.layers.0.attention.dense.weight",
                "gpt_neox.layers.0.post_attention_layernorm.weight", "gpt_neox.layers.0.post_attention_layernorm.bias",
                "gpt_neox.layers.0.mlp.dense_h_to_4h.weight", "gpt_neox.layers.0.mlp.dense_h_to_4h.bias",
                "gpt_neox.layers.0.mlp.dense_4h_to_h.weight", "gpt_neox.layers.0.mlp.dense_4h_to_h.bias",
                "gpt_neox.final_layer_norm.weight", "gpt_neox.final_layer_norm.bias", "embed_out.weight"), names);
        assertArrayEquals(new int[] {9, 64}, layout.tensor("gpt_neox.embed_in.weight").shape());
        assertArrayEquals(new int[] {192, 64}, layout.tensor("gpt_neox.layers.0.attention.query_key_value.weight").shape());
        assertArrayEquals(new int[] {256, 64}, layout.tensor("gpt_neox.layers.0.mlp.dense_h_to_4h.weight").shape());
        assertArrayEquals(new int[] {64, 256}, layout.tensor("gpt_neox.layers.0.mlp.dense_4h_to_h.weight").shape());
        assertArrayEquals(new int[] {9, 64}, layout.tensor("embed_out.weight").shape());
        // 9·64 + (2·64 + 192·64 + 64·64 + 2·64 + 256·64 + 256 + 64·256 + 64) + 2·64 + 9·64, counted by hand
        assertEquals(51008, layout.parameterCount());
        // in order, each on the aligned lead (ArrayAlignment), each as close after the previous one as that allows
        int end = 0;
        for (ParameterLayout.Tensor t : layout.tensors()) {
            assertEquals(ArrayAlignment.FLOAT_LEAD, t.offset() % 16, t.name());
            assertTrue(t.offset() >= end && t.offset() < end + 16, t.name() + " at " + t.offset() + " after " + end);
            end = t.offset() + t.size();
        }
        assertEquals(end, layout.size());
    }

    @Test
    void regressionAndClassificationUseReadInAndReadOut() {
        ParameterLayout reg = new ParameterLayout(ModelConfig.defaults(Head.REGRESSION, 8, 16));
        assertArrayEquals(new int[] {64, 8}, reg.tensor("read_in.weight").shape());
        assertArrayEquals(new int[] {1, 64}, reg.tensor("read_out.weight").shape());
        assertArrayEquals(new int[] {1}, reg.tensor("read_out.bias").shape());
        assertTrue(reg.contains("gpt_neox.layers.7.mlp.dense_4h_to_h.bias"));
        assertTrue(!reg.contains("gpt_neox.embed_in.weight") && !reg.contains("embed_out.weight"));
        ParameterLayout cls = new ParameterLayout(ModelConfig.defaults(Head.CLASSIFICATION, 8, 128));
        assertArrayEquals(new int[] {64, 9}, cls.tensor("read_in.weight").shape());
        assertArrayEquals(new int[] {2, 64}, cls.tensor("read_out.weight").shape());
    }

    @Test
    void initFollowsSpec() {
        Model model = new Model(ModelConfig.defaults(Head.CATEGORICAL, 8, 128));
        float[] p = model.newArena();
        model.initialize(p, 7);
        float[] again = model.newArena();
        model.initialize(again, 7);
        assertArrayEquals(p, again, "same seed, same weights");
        for (ParameterLayout.Tensor t : model.layout.tensors()) {
            double sum = 0, sq = 0;
            for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                sum += p[i];
                sq += (double) p[i] * p[i];
            }
            switch (t.kind()) {
                case WEIGHT -> {
                    double std = Math.sqrt(sq / t.size() - (sum / t.size()) * (sum / t.size()));
                    // ≥ 576 draws: the sample std is within ~6% of 0.02 with overwhelming probability
                    assertEquals(0.02, std, 0.003, t.name());
                }
                case NORM_WEIGHT -> assertEquals(t.size(), sum, 0, t.name());
                case BIAS, NORM_BIAS -> assertEquals(0, sq, 0, t.name());
            }
        }
    }

    @Test
    void configRejectsBadShapesNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(Head.CATEGORICAL, 8, 1, 128, 64, 1, 3, 4, 0.25, 10000));
        assertTrue(e.getMessage().contains("heads"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(Head.CATEGORICAL, 8, 1, 128, 64, 1, 1, 0.01, 0.25, 10000));
        assertTrue(e.getMessage().contains("mlpFactor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(Head.CATEGORICAL, 8, 1, 0, 64, 1, 1, 4, 0.25, 10000));
        assertTrue(e.getMessage().contains("context"), e.getMessage());
        // head size 4 at 0.25 → 1 rotary dim: HF cannot run an odd rotary slice
        e = assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(Head.CATEGORICAL, 8, 1, 128, 64, 1, 16, 4, 0.25, 10000));
        assertTrue(e.getMessage().contains("rotary"), e.getMessage());
        assertEquals(32, new ModelConfig(Head.CATEGORICAL, 8, 1, 128, 64, 1, 1, 0.5, 0.25, 10000).intermediate());
    }
}
