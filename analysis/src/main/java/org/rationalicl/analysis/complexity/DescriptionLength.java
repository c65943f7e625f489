// One description length: the compressed size of a byte string under every candidate coding (transform +
// compressor), and the minimum, in bits.
package org.rationalicl.analysis.complexity;

import java.util.Map;

/**
 * @param rawBytes    size before compression
 * @param sizesBytes  compressed size per coding, e.g. "xz9e" or "xor-shuffle+bzip2_9"
 * @param best        the coding that achieved the minimum
 * @param bits        8 × the minimum compressed size
 */
public record DescriptionLength(long rawBytes, Map<String, Long> sizesBytes, String best, long bits) {
    public DescriptionLength {
        sizesBytes = Map.copyOf(sizesBytes);
    }

    static DescriptionLength of(long rawBytes, Map<String, Long> sizes) {
        String best = null;
        long min = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : sizes.entrySet()) {
            if (e.getValue() < min) {
                min = e.getValue();
                best = e.getKey();
            }
        }
        return new DescriptionLength(rawBytes, new java.util.LinkedHashMap<>(sizes), best, 8 * min);
    }
}
