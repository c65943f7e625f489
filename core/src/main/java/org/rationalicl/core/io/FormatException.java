// The one checked exception every reader in this package throws for malformed input.
// Its message always says which file (when known), which field, and what was wrong.
package org.rationalicl.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file (or in-memory document) does not follow its format: a length that points past the end, an unknown
 * dtype, overlapping tensors, a JSON syntax error, a checksum mismatch, and so on.
 *
 * <p>The message has the form {@code "<source>: <field>: <problem>"}, e.g.
 * {@code "run/checkpoints/step-20.safetensors: tensor 'embed_out.weight' data_offsets: end 96 is past the data
 * area (64 bytes)"}. Parts that are unknown are left out. Readers in this package never let any other exception
 * escape for bad content; an {@link IOException} that is not a {@code FormatException} means the file system
 * failed (file missing, permission denied, disk error).
 */
public class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String field;
    private final String problem;

    /**
     * @param source  the file or document being read (a path or a name such as {@code "pool.npz:tasks.npy"}), or null
     * @param field   the field, header entry or region that is wrong, or null
     * @param problem what was wrong, and what was expected instead
     */
    public FormatException(String source, String field, String problem) {
        this(source, field, problem, null);
    }

    /** As {@link #FormatException(String, String, String)}, keeping the low-level cause (e.g. a ZipException). */
    public FormatException(String source, String field, String problem, Throwable cause) {
        super(compose(source, field, problem), cause);
        this.source = source;
        this.field = field;
        this.problem = problem;
    }

    /** Convenience for a file on disk. */
    public FormatException(Path file, String field, String problem) {
        this(file == null ? null : file.toString(), field, problem, null);
    }

    /** The file or document, or null when not known. */
    public String source() {
        return source;
    }

    /** The field that is wrong, or null. */
    public String field() {
        return field;
    }

    /** What was wrong, without source and field. */
    public String problem() {
        return problem;
    }

    private static String compose(String source, String field, String problem) {
        StringBuilder sb = new StringBuilder();
        if (source != null) sb.append(source).append(": ");
        if (field != null) sb.append(field).append(": ");
        sb.append(problem == null ? "malformed" : problem);
        return sb.toString();
    }
}
