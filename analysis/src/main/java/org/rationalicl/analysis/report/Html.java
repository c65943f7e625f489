// HTML escaping and number formatting for the report: every string that reaches the page goes through escape(),
// and numbers are formatted locale-independently so the same data give the same bytes everywhere.
package org.rationalicl.analysis.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

public final class Html {
    private Html() {}

    /** Text or attribute value made safe for HTML and XML; characters XML forbids become U+FFFD. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
                    out.append(allowed ? c : '\uFFFD');
                }
            }
        }
        return out.toString();
    }

    /** Fixed decimals (e.g. 0.987); "—" for NaN, "∞"/"−∞" for infinities. */
    public static String fixed(double v, int decimals) {
        if (Double.isNaN(v)) return "—";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.startsWith("-") ? "−" + s.substring(1) : s; // a real minus sign reads better in tables
    }

    /** Significant digits, plain notation for 1e-3 ≤ |v| &lt; 1e6, otherwise like 1.23e-5 or 2.50e6; "—" for NaN. */
    public static String significant(double v, int digits) {
        if (Double.isNaN(v)) return "—";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        String s;
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6)) {
            BigDecimal r = new BigDecimal(v).round(new MathContext(digits));
            if (r.precision() < digits) r = r.setScale(r.scale() + digits - r.precision()); // 38 -> 38.0
            s = r.toPlainString();
        } else {
            // 1.250e-05 -> 1.250e-5, 2.500e+06 -> 2.500e6: shorter, and what scientists write
            s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v).replaceFirst("e\\+?(-?)0*(\\d)", "e$1$2");
        }
        return s.startsWith("-") ? "−" + s.substring(1) : s;
    }

    /** A training step count with thousands separators (12,500); "—" for NaN. */
    public static String steps(double v) {
        if (Double.isNaN(v)) return "—";
        if (Double.isInfinite(v)) return "∞";
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }
}
