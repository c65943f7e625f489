// File formats of the project (safetensors, numpy .npy/.npz, JSON) and crash-safe writing.
/**
 * Reading and writing the project's files, with strict validation and atomic replacement. No third-party code.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every reader throws exactly one checked exception for malformed content, {@link
 *       org.rationalicl.core.io.FormatException} (a subclass of {@link java.io.IOException}), whose message reads
 *       {@code "<file>: <field>: <what was wrong>"}. No input makes a reader throw anything else (no
 *       OutOfMemoryError, NegativeArraySizeException, IndexOutOfBoundsException, ArithmeticException), loop
 *       forever, or allocate much more than the size of the file justifies. Other IOExceptions mean the file
 *       system failed (missing file, permissions). {@code FormatFuzzTest} checks this on mutated files, including
 *       time and per-thread allocation per case.
 *   <li>Every writer goes through {@link org.rationalicl.core.io.AtomicFiles}: temp file in the same directory,
 *       fsync, atomic rename, directory fsync. A crash leaves the old file or the new one, never a torn one.
 *   <li>safetensors files written here carry the SHA-256 of their data area in {@code __metadata__.sha256}; the
 *       reader verifies it whenever present, so corruption and truncation are reported with the path.
 *   <li>Output is deterministic: the same arrays and metadata give the same bytes (safetensors and .npy files are
 *       byte-identical to what HuggingFace {@code save_file} and numpy 2 write; .npz entries carry a fixed time).
 * </ul>
 *
 * <h2>safetensors ({@link org.rationalicl.core.io.SafetensorsReader}, {@link
 * org.rationalicl.core.io.SafetensorsWriter})</h2>
 * {@code u64 little-endian N | N bytes of UTF-8 JSON (padded with spaces to a multiple of 8) | data}. The JSON
 * object maps each tensor name to {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}}
 * (offsets relative to the start of the data, {@code end} exclusive) and may hold {@code "__metadata__"}: an
 * object of string → string. Tensors are little-endian, row-major, and tile the data area exactly. Written: F32,
 * F64, I32, I64; read additionally F16, BF16 (→ F32) and I8, I16, U8, BOOL (→ I32). Header cap 100 MB.
 *
 * <h2>numpy .npy ({@link org.rationalicl.core.io.Npy}) and .npz ({@link org.rationalicl.core.io.Npz})</h2>
 * {@code \x93NUMPY | major | minor | header length (u16 LE in 1.0, u32 LE in 2.0/3.0) | header | data}; the
 * header is a Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with
 * spaces and a final {@code '\n'} so the data starts at a multiple of 64. Read: little-endian {@code f2 f4 f8 i1
 * u1 b1 i2 u2 i4 i8}, C order; big-endian, Fortran order (rank ≥ 2) and structured dtypes are rejected with a hint
 * on how to re-save. An .npz is a zip (stored or deflated) of {@code <key>.npy} entries; entry CRCs are checked.
 *
 * <h2>JSON ({@link org.rationalicl.core.io.Json})</h2>
 * RFC 8259, strict (no comments, trailing commas, NaN or duplicate keys), for file headers and config files;
 * objects keep their key order; nesting depth ≤ 512.
 *
 * <h2>Arrays ({@link org.rationalicl.core.io.NdArray})</h2>
 * One value type for both formats: a {@link org.rationalicl.core.io.DType} (F32, F64, I32, I64), a {@code long[]}
 * shape and a flat row-major primitive array, with exact conversions between element types.
 */
package org.rationalicl.core.io;
