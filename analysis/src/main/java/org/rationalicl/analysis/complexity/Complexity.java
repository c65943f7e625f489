// K(Q) = bits of the predictor's data + bits of its code (SPEC section 7). Data: float32 parameters (M: the
// D task parameters; G: the prior's), little-endian, also tried after delta coding of the bit patterns
// (XOR or difference of consecutive values, then byte-shuffled), each with every compressor. Code: the
// predictor's Java source with comments removed and whitespace reduced to what separates tokens.
package org.rationalicl.analysis.complexity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

public final class Complexity {
    /** Where the build puts the predictors' sources inside the analysis jar (see analysis/pom.xml). */
    public static final String SOURCE_RESOURCE_DIR = "/predictor-sources/";

    private Complexity() {
    }

    /** K(Q) split into its two parts. */
    public record Report(DescriptionLength data, DescriptionLength code, long totalBits) {
    }

    /** Data bits plus code bits. */
    public static Report of(float[] parameters, String javaSource) {
        DescriptionLength data = dataBits(parameters);
        DescriptionLength code = codeBits(javaSource);
        return new Report(data, code, data.bits() + code.bits());
    }

    /** Data bits plus code bits, the code read from the packaged source of {@code sourceFileName}. */
    public static Report ofPackagedSource(float[] parameters, String sourceFileName) {
        return of(parameters, packagedSource(sourceFileName));
    }

    /** Description length of float32 parameters: the minimum over transforms × compressors. */
    public static DescriptionLength dataBits(float[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("parameters must be a non-empty float array");
        }
        Map<String, byte[]> transforms = new LinkedHashMap<>();
        transforms.put("raw", littleEndian(values));
        transforms.put("shuffle", shuffle(bitPatterns(values)));
        transforms.put("xor-shuffle", shuffle(xorDelta(bitPatterns(values))));
        transforms.put("diff-shuffle", shuffle(differenceDelta(bitPatterns(values))));
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> t : transforms.entrySet()) {
            for (Map.Entry<String, Long> c : Compressors.sizes(t.getValue()).entrySet()) {
                String name = t.getKey().equals("raw") ? c.getKey() : t.getKey() + "+" + c.getKey();
                sizes.put(name, c.getValue());
            }
        }
        return DescriptionLength.of(4L * values.length, sizes);
    }

    /** Description length of Java source after removing comments and needless whitespace. */
    public static DescriptionLength codeBits(String javaSource) {
        if (javaSource == null || javaSource.isEmpty()) {
            throw new IllegalArgumentException("javaSource must not be empty");
        }
        byte[] bytes = minifyJava(javaSource).getBytes(StandardCharsets.UTF_8);
        return DescriptionLength.of(bytes.length, Compressors.sizes(bytes));
    }

    /** The packaged source of a predictor class, e.g. "MemorizingCategorical.java". */
    public static String packagedSource(String sourceFileName) {
        if (sourceFileName == null || sourceFileName.contains("/") || !sourceFileName.endsWith(".java")) {
            throw new IllegalArgumentException("sourceFileName must be a plain file name ending in .java; got '"
                    + sourceFileName + "'");
        }
        String path = SOURCE_RESOURCE_DIR + sourceFileName;
        try (InputStream in = Complexity.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("predictor source " + sourceFileName + " is not on the classpath at "
                        + path + ": the analysis build copies src/main/java/org/rationalicl/analysis/predictors/*.java "
                        + "there; is the class in that package, and was the jar built by Maven?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Removes // and /* comments (not inside string, text-block or char literals) and collapses whitespace:
     * a single space is kept only between two identifier characters, where it separates tokens.
     */
    public static String minifyJava(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int n = source.length();
        int i = 0;
        boolean pendingSpace = false;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
                pendingSpace = true;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                pendingSpace = true;
            } else if (Character.isWhitespace(c)) {
                pendingSpace = true;
                i++;
            } else if (c == '"' || c == '\'') {
                appendSeparated(out, c, pendingSpace);
                pendingSpace = false;
                int end = literalEnd(source, i);
                out.append(source, i, end);
                i = end;
            } else {
                appendSeparated(out, c, pendingSpace);
                pendingSpace = false;
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void appendSeparated(StringBuilder out, char next, boolean pendingSpace) {
        if (pendingSpace && !out.isEmpty() && isWordChar(out.charAt(out.length() - 1)) && isWordChar(next)) {
            out.append(' ');
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isJavaIdentifierPart(c);
    }

    /** Index just past the string, text block or char literal starting at {@code start}. */
    private static int literalEnd(String s, int start) {
        if (s.startsWith("\"\"\"", start)) {
            int end = s.indexOf("\"\"\"", start + 3);
            while (end > 0 && s.charAt(end - 1) == '\\') {
                end = s.indexOf("\"\"\"", end + 1);
            }
            return end < 0 ? s.length() : end + 3;
        }
        char quote = s.charAt(start);
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }

    static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static int[] bitPatterns(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** x_0, x_1 ^ x_0, x_2 ^ x_1, … : equal neighbours become 0, close ones share zero high bits. */
    static int[] xorDelta(int[] bits) {
        int[] out = new int[bits.length];
        int previous = 0;
        for (int i = 0; i < bits.length; i++) {
            out[i] = bits[i] ^ previous;
            previous = bits[i];
        }
        return out;
    }

    /** x_0, x_1 − x_0, … on the integer bit patterns (smooth sequences give small differences). */
    static int[] differenceDelta(int[] bits) {
        int[] out = new int[bits.length];
        int previous = 0;
        for (int i = 0; i < bits.length; i++) {
            out[i] = bits[i] - previous;
            previous = bits[i];
        }
        return out;
    }

    /** Byte planes: all least-significant bytes, then the next, … (groups the compressible high bytes). */
    static byte[] shuffle(int[] words) {
        int n = words.length;
        byte[] out = new byte[4 * n];
        for (int i = 0; i < n; i++) {
            int w = words[i];
            out[i] = (byte) w;
            out[n + i] = (byte) (w >>> 8);
            out[2 * n + i] = (byte) (w >>> 16);
            out[3 * n + i] = (byte) (w >>> 24);
        }
        return out;
    }
}
