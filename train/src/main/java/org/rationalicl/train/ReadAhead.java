// Whether a training step reads a layer's cache lines ahead of the products that use them (Model.touch). The
// sweeps pay where the products would otherwise stall on lines one tile at a time, and cost where the core's own
// prefetchers already follow the products' streams: on AMD Zen 4 they made the 8-layer regression step ~10% faster,
// on an Intel Xeon (2 MB of L2 per core) ~6% slower (docs/PERFORMANCE.md, "Six-row GEMM tiles and read-ahead by
// CPU"). Only speed depends on the choice: the sweeps read and never write, so the weights come out the same.
package org.rationalicl.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

public final class ReadAhead {
    /** -Drationalicl.readAhead=on|off|auto (default auto: on for AMD processors, off for others). */
    public static final String PROPERTY = "rationalicl.readAhead";
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private ReadAhead() {}

    /** The property's choice, read now (so that each model built may differ), auto resolved by {@link #auto}. */
    public static boolean fromSystemProperty() {
        String v = System.getProperty(PROPERTY, "auto").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "on" -> true;
            case "off" -> false;
            case "auto" -> auto();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + ": expected on, off or auto");
        };
    }

    /** On for an AMD processor, off otherwise (other vendors, or no /proc/cpuinfo to tell). */
    static boolean auto() {
        return Vendor.NAME.map(ReadAhead::pays).orElse(false);
    }

    /** The CPU vendors on which the sweeps were measured to pay (the /proc/cpuinfo vendor_id). */
    static boolean pays(String vendorId) {
        return vendorId.equals("AuthenticAMD");
    }

    /** This machine's vendor_id, read once. */
    private static final class Vendor {
        static final Optional<String> NAME = read(CPUINFO);
    }

    /** The first vendor_id in a /proc/cpuinfo-style file; empty when the file is missing or has none. */
    static Optional<String> read(Path cpuinfo) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("vendor_id"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
