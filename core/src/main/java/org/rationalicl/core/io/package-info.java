// File formats of the project (safetensors, numpy .npy/.npz, JSON) and crash-safe writing.
/**
 * Reading and writing the project's files, with strict validation and atomic replacement.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every reader throws exactly one checked exception for malformed content, {@link
 *       org.rationalicl.core.io.FormatException} (a subclass of {@link java.io.IOException}), whose message names
 *       the file, the field and what was wrong. No input makes a reader throw anything else (no
 *       OutOfMemoryError, NegativeArraySizeException, IndexOutOfBoundsException, ArithmeticException), loop
 *       forever, or allocate more than the size of the file justifies. Other IOExceptions mean the file system
 *       failed (missing file, permissions). A seeded fuzz test mutating valid files checks this.
 *   <li>Every writer goes through {@link org.rationalicl.core.io.AtomicFiles}: temp file in the same directory,
 *       fsync, atomic rename. A crash leaves the old file or the new one, never a torn one.
 *   <li>safetensors files written here carry the SHA-256 of their data area in {@code __metadata__.sha256}; the
 *       reader verifies it whenever present, so corruption and truncation are reported with the path.
 * </ul>
 *
 * <h2>safetensors</h2>
 * {@code u64 little-endian N | N bytes of UTF-8 JSON | data}. The JSON object maps each tensor name to
 * {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}} (offsets relative to the start of the
 * data, {@code end} exclusive) and may hold {@code "__metadata__"}: an object of string → string. Tensors are
 * little-endian, row-major, and tile the data area exactly. Written: F32, F64, I32, I64; read additionally F16,
 * BF16 (→ F32) and I8, I16, U8, BOOL (→ I32). Header cap 100 MB.
 */
package org.rationalicl.core.io;
