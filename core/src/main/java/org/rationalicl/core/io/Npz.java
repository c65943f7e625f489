// numpy .npz archives (a zip of .npy entries, stored or deflated): read all arrays or one by name; write
// atomically. Limits: entries are read through java.util.zip; every entry must be a .npy array.
package org.rationalicl.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes {@code .npz} files as numpy's {@code np.savez} / {@code np.savez_compressed} make them:
 * a zip archive whose entries are named {@code <key>.npy}. A pool saved with
 * {@code np.savez("pool.npz", tasks=arr)} is {@code Npz.read(path, "tasks")}.
 *
 * <p>Reading uses the zip's central directory ({@link ZipFile}), so entries written with data descriptors or
 * ZIP64 records (numpy forces ZIP64) are fine. Each entry's CRC-32 is checked (ZipFile itself does not), each
 * entry must be one complete .npy document (see {@link Npy}); directory entries are skipped; any other entry,
 * a damaged archive or a bad CRC is a {@link FormatException} naming {@code file:entry}.
 *
 * <p>Writing produces entries in the map's order, with a fixed timestamp so equal inputs give equal bytes, and
 * either stored or deflated; the file is replaced atomically.
 */
public final class Npz {
    private static final String SUFFIX = ".npy";
    /** 1980-01-01 00:00, the earliest DOS time a zip can hold: fixed so archives are reproducible. */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    /** Reads every array; keys are entry names without ".npy", in archive order. */
    public static Map<String, NdArray> read(Path file) throws IOException {
        return readEntries(file, null);
    }

    /** Reads one array; a missing key is a FormatException listing the keys the archive has. */
    public static NdArray read(Path file, String key) throws IOException {
        return readEntries(file, key).get(key);
    }

    /** Lists the keys (entry names without ".npy") in archive order. */
    public static List<String> keys(Path file) throws IOException {
        String source = file.toString();
        List<String> keys = new ArrayList<>();
        try (ZipFile zip = open(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.isDirectory()) keys.add(key(source, e));
            }
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
        return keys;
    }

    private static Map<String, NdArray> readEntries(Path file, String wanted) throws IOException {
        String source = file.toString();
        Map<String, NdArray> out = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        try (ZipFile zip = open(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String key = key(source, e);
                seen.add(key);
                if (wanted != null && !wanted.equals(key)) continue;
                if (out.containsKey(key)) {
                    throw new FormatException(source, "entry '" + e.getName() + "'", "appears twice in the archive");
                }
                out.put(key, readEntry(zip, e, source + ":" + e.getName()));
            }
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
        if (wanted != null && !out.containsKey(wanted)) {
            throw new FormatException(source, "array '" + wanted + "'", "not in the archive; it has " + seen);
        }
        return Collections.unmodifiableMap(out);
    }

    private static NdArray readEntry(ZipFile zip, ZipEntry e, String source) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream raw = zip.getInputStream(e);
             CheckedInputStream in = new CheckedInputStream(raw, crc)) {
            NdArray array = Npy.read(in, -1, source);
            if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                throw new FormatException(source, "CRC-32", String.format(
                        "%08x does not match %08x recorded in the archive: the entry is corrupted",
                        crc.getValue(), e.getCrc()));
            }
            return array;
        } catch (ZipException | EOFException bad) {
            // Inflater errors ("invalid stored block lengths", "Unexpected end of ZLIB input stream").
            throw new FormatException(source, "zip data", bad.getMessage(), bad);
        }
    }

    private static ZipFile open(Path file) throws IOException {
        // Open the file once ourselves first, so that a missing file or a permission problem surfaces as the
        // usual NoSuchFileException / AccessDeniedException; after that, whatever ZipFile rejects (ZipException,
        // EOFException on a cut central directory, …) is the content's fault and becomes a FormatException.
        Files.newByteChannel(file).close();
        try {
            return new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new FormatException(file.toString(), "zip", "not a valid zip archive (" + e + ")", e);
        } catch (RuntimeException e) {
            throw damaged(file.toString(), e);
        }
    }

    /**
     * java.util.zip reports some malformed archives with unchecked exceptions (e.g. IllegalArgumentException for
     * an entry name that is not valid UTF-8); at this edge they mean "bad file", so they become FormatExceptions.
     */
    private static FormatException damaged(String source, RuntimeException e) {
        return new FormatException(source, "zip", "damaged archive (" + e + ")", e);
    }

    private static String key(String source, ZipEntry e) throws FormatException {
        String name = e.getName();
        if (!name.endsWith(SUFFIX) || name.length() == SUFFIX.length()) {
            throw new FormatException(source, "entry '" + name + "'", "is not a .npy array (an .npz holds only"
                    + " <key>.npy entries)");
        }
        return name.substring(0, name.length() - SUFFIX.length());
    }

    // ------------------------------------------------------------------ writing

    /** Atomically writes {@code arrays} as {@code <key>.npy} entries, deflated when {@code compress}. */
    public static void write(Path file, Map<String, NdArray> arrays, boolean compress) throws IOException {
        for (String key : arrays.keySet()) {
            if (key == null || key.isEmpty()) throw new IllegalArgumentException("array keys must be non-empty");
        }
        AtomicFiles.write(file, out -> write(out, arrays, compress));
    }

    /** Writes the archive to {@code out} (closed at the end, as a zip needs its trailer written). */
    public static void write(OutputStream out, Map<String, NdArray> arrays, boolean compress) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.DEFAULT_COMPRESSION);
            for (Map.Entry<String, NdArray> a : arrays.entrySet()) {
                NdArray array = a.getValue();
                ZipEntry e = new ZipEntry(a.getKey() + SUFFIX);
                e.setTimeLocal(FIXED_TIME); // local time as given, independent of the machine's time zone
                if (compress) {
                    e.setMethod(ZipEntry.DEFLATED);
                } else {
                    // A stored entry must state its size and CRC before its data: one extra encoding pass.
                    CRC32 crc = new CRC32();
                    long[] size = new long[1];
                    Npy.write(new OutputStream() {
                        @Override
                        public void write(int b) {
                            crc.update(b);
                            size[0]++;
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            crc.update(b, off, len);
                            size[0] += len;
                        }
                    }, array);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(size[0]);
                    e.setCompressedSize(size[0]);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                Npy.write(zip, array);
                zip.closeEntry();
            }
        }
    }
}
