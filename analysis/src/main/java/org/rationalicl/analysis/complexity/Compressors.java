// The lossless compressors whose minimum size estimates description lengths (SPEC section 7), each at its
// maximum setting: Deflate level 9 (JDK), XZ and LZMA "alone" preset 9 extreme (org.tukaani.xz), bzip2 block
// size 9 (Commons Compress). Brotli and Zstd, used by the reference, have no maintained pure-Java encoder
// at maximum levels, so they are absent: sizes here can only be larger than the reference's minimum.
package org.rationalicl.analysis.complexity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

public final class Compressors {
    private Compressors() {
    }

    /** Compressed size in bytes of {@code data} under every compressor, by name, in a fixed order. */
    public static Map<String, Long> sizes(byte[] data) {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("deflate9", (long) deflate(data));
        out.put("xz9e", (long) xz(data));
        out.put("lzma9e", (long) lzma(data));
        out.put("bzip2_9", (long) bzip2(data));
        return out;
    }

    static int deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] buffer = new byte[64 * 1024];
            int total = 0;
            while (!deflater.finished()) {
                total += deflater.deflate(buffer);
            }
            return total;
        } finally {
            deflater.end();
        }
    }

    private static LZMA2Options strongest(int inputLength) {
        try {
            // xz-java has no "extreme" flag: set what `xz -9e` uses (BT4 match finder, nice length 273,
            // search depth 512) on top of preset 9 (64 MiB dictionary).
            LZMA2Options options = new LZMA2Options(LZMA2Options.PRESET_MAX);
            options.setMode(LZMA2Options.MODE_NORMAL);
            options.setMatchFinder(LZMA2Options.MF_BT4);
            options.setNiceLen(LZMA2Options.NICE_LEN_MAX);
            options.setDepthLimit(512);
            // A dictionary larger than the input cannot find more matches; capping it saves 64 MiB per call.
            options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(options.getDictSize(), inputLength)));
            return options;
        } catch (UnsupportedOptionsException e) {
            throw new IllegalStateException("XZ preset 9 extreme is not supported by this xz library", e);
        }
    }

    static int xz(byte[] data) {
        return measure(data, sink -> new XZOutputStream(sink, strongest(data.length), XZ.CHECK_NONE));
    }

    static int lzma(byte[] data) {
        return measure(data, sink -> new LZMAOutputStream(sink, strongest(data.length), data.length));
    }

    static int bzip2(byte[] data) {
        return measure(data, sink -> new BZip2CompressorOutputStream(sink, BZip2CompressorOutputStream.MAX_BLOCKSIZE));
    }

    private interface StreamFactory {
        OutputStream open(OutputStream sink) throws IOException;
    }

    private static int measure(byte[] data, StreamFactory factory) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream(Math.max(64, data.length / 2));
        try (OutputStream out = factory.open(sink)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory compression failed", e);
        }
        return sink.size();
    }
}
