// Limited-memory BFGS with optional box bounds (projected active-set variant) and a strong-Wolfe line
// search. Limits: bounds are handled by freezing variables pinned at a bound and capping the step at the
// first bound hit; this is not the Byrd-Lu-Nocedal generalized Cauchy point, but it converges on the
// small, smooth, mostly unconstrained problems of this module (3 parameters, a few mixture logits).
package org.rationalicl.analysis.fit;

import java.util.Arrays;

public final class Lbfgsb {

    /** A smooth function to minimise: returns f(x) and writes ∇f(x) into {@code gradient}. */
    @FunctionalInterface
    public interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    /** Why the optimiser stopped. */
    public enum Status {
        /** Projected gradient infinity norm at or below the gradient tolerance. */
        CONVERGED_GRADIENT,
        /** Relative function decrease (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) at or below the function tolerance. */
        CONVERGED_FUNCTION,
        MAX_ITERATIONS,
        /** No step satisfying the sufficient-decrease condition was found even along steepest descent. */
        LINE_SEARCH_FAILED;

        public boolean converged() {
            return this == CONVERGED_GRADIENT || this == CONVERGED_FUNCTION;
        }
    }

    /**
     * @param memory            number of (s, y) pairs kept
     * @param maxIterations     iteration cap
     * @param functionTolerance relative decrease criterion (scipy's "ftol")
     * @param gradientTolerance projected-gradient infinity norm criterion (scipy's "gtol")
     */
    public record Options(int memory, int maxIterations, double functionTolerance, double gradientTolerance) {
        public Options {
            if (memory < 1) {
                throw new IllegalArgumentException("memory must be >= 1; got " + memory);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1; got " + maxIterations);
            }
            if (!(functionTolerance >= 0) || !(gradientTolerance >= 0)) {
                throw new IllegalArgumentException("tolerances must be >= 0; got " + functionTolerance + ", "
                        + gradientTolerance);
            }
        }

        /** The reference's settings: tolerance 1e-7 on function and gradient, up to 1000 iterations. */
        public static Options defaults() {
            return new Options(10, 1000, 1e-7, 1e-7);
        }
    }

    public record Result(double[] x, double value, double[] gradient, Status status, int iterations, int evaluations) {
    }

    // Strong Wolfe constants (Nocedal & Wright's usual choice for quasi-Newton methods).
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LINE_SEARCH_EVALUATIONS = 40;

    private final Objective objective;
    private final int n;
    private final double[] lower;
    private final double[] upper;
    private int evaluations;

    private Lbfgsb(Objective objective, int n, double[] lower, double[] upper) {
        this.objective = objective;
        this.n = n;
        this.lower = lower;
        this.upper = upper;
    }

    /** Unbounded minimisation. */
    public static Result minimize(Objective f, double[] x0, Options options) {
        return minimize(f, x0, null, null, options);
    }

    /**
     * Minimises f from x0 within [lower, upper] (either may be null = unbounded; entries may be ±∞).
     */
    public static Result minimize(Objective f, double[] x0, double[] lower, double[] upper, Options options) {
        if (f == null || x0 == null || options == null) {
            throw new IllegalArgumentException("objective, x0 and options must not be null");
        }
        int n = x0.length;
        double[] lo = lower == null ? filled(n, Double.NEGATIVE_INFINITY) : lower.clone();
        double[] hi = upper == null ? filled(n, Double.POSITIVE_INFINITY) : upper.clone();
        if (lo.length != n || hi.length != n) {
            throw new IllegalArgumentException("lower and upper must have length " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!(lo[i] <= hi[i])) {
                throw new IllegalArgumentException("lower[" + i + "] = " + lo[i] + " must be <= upper[" + i + "] = "
                        + hi[i]);
            }
            if (!Double.isFinite(x0[i])) {
                throw new IllegalArgumentException("x0[" + i + "] must be finite; got " + x0[i]);
            }
        }
        return new Lbfgsb(f, n, lo, hi).run(x0, options);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private double eval(double[] x, double[] g) {
        evaluations++;
        return objective.evaluate(x, g);
    }

    private Result run(double[] x0, Options options) {
        int m = options.memory();
        double[][] sHistory = new double[m][n];
        double[][] yHistory = new double[m][n];
        double[] rho = new double[m];
        int stored = 0;
        int newest = -1;

        double[] x = x0.clone();
        project(x);
        double[] g = new double[n];
        double f = eval(x, g);
        if (!Double.isFinite(f)) {
            throw new IllegalArgumentException("objective is not finite at the starting point: " + f);
        }
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double[] alphaTmp = new double[m];
        boolean[] free = new boolean[n];

        for (int iter = 0; iter < options.maxIterations(); iter++) {
            double pgNorm = 0;
            for (int i = 0; i < n; i++) {
                boolean pinned = (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0);
                free[i] = !pinned;
                if (!pinned) {
                    pgNorm = Math.max(pgNorm, Math.abs(g[i]));
                }
            }
            if (pgNorm <= options.gradientTolerance()) {
                return new Result(x, f, g, Status.CONVERGED_GRADIENT, iter, evaluations);
            }

            boolean steepest = stored == 0;
            twoLoop(d, g, free, sHistory, yHistory, rho, stored, newest, m, alphaTmp);
            double slope = dot(g, d);
            if (!(slope < 0) || !allFinite(d)) {
                stored = 0;
                newest = -1;
                steepest = true;
                twoLoop(d, g, free, sHistory, yHistory, rho, 0, -1, m, alphaTmp);
                slope = dot(g, d);
            }
            double tMax = maxStep(x, d);
            double t0 = 1.0;
            if (steepest) {
                // Without curvature information, a unit step along -g has no natural scale: cap its length.
                double dNorm = 0;
                for (double v : d) {
                    dNorm = Math.max(dNorm, Math.abs(v));
                }
                t0 = Math.min(1.0, 1.0 / dNorm);
            }
            t0 = Math.min(t0, tMax);
            double t = lineSearch(x, f, g, d, slope, t0, tMax, xNew, gNew);
            if (Double.isNaN(t)) {
                if (!steepest) {
                    // Stale curvature pairs can produce a poor direction: forget them and retry once.
                    stored = 0;
                    newest = -1;
                    iter--;
                    continue;
                }
                return new Result(x, f, g, Status.LINE_SEARCH_FAILED, iter, evaluations);
            }
            double fNew = lastValue;
            // Curvature pair; skipped when s·y is not safely positive (keeps the inverse Hessian positive definite).
            int slot = (newest + 1) % m;
            double sy = 0;
            double yy = 0;
            for (int i = 0; i < n; i++) {
                double si = xNew[i] - x[i];
                double yi = gNew[i] - g[i];
                sHistory[slot][i] = si;
                yHistory[slot][i] = yi;
                sy += si * yi;
                yy += yi * yi;
            }
            if (sy > 1e-12 * yy && sy > 0) {
                rho[slot] = 1.0 / sy;
                newest = slot;
                stored = Math.min(stored + 1, m);
            }
            double decrease = f - fNew;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            double scale = Math.max(Math.max(Math.abs(f), Math.abs(fNew)), 1.0);
            f = fNew;
            if (decrease <= options.functionTolerance() * scale) {
                return new Result(x, f, g, Status.CONVERGED_FUNCTION, iter + 1, evaluations);
            }
        }
        return new Result(x, f, g, Status.MAX_ITERATIONS, options.maxIterations(), evaluations);
    }

    /** d = −H·g on the free variables (two-loop recursion), 0 on pinned ones. */
    private void twoLoop(double[] d, double[] g, boolean[] free, double[][] s, double[][] y, double[] rho,
                         int stored, int newest, int m, double[] alpha) {
        for (int i = 0; i < n; i++) {
            d[i] = free[i] ? -g[i] : 0;
        }
        int idx = newest;
        for (int k = 0; k < stored; k++) {
            double a = rho[idx] * maskedDot(s[idx], d, free);
            alpha[idx] = a;
            for (int i = 0; i < n; i++) {
                if (free[i]) {
                    d[i] -= a * y[idx][i];
                }
            }
            idx = (idx - 1 + m) % m;
        }
        if (stored > 0) {
            // Initial inverse Hessian γ·I with γ = s·y / y·y of the newest pair (on free variables).
            double sy = maskedDot(s[newest], y[newest], free);
            double yy = maskedDot(y[newest], y[newest], free);
            double gamma = (sy > 0 && yy > 0) ? sy / yy : 1.0;
            for (int i = 0; i < n; i++) {
                d[i] *= gamma;
            }
        }
        idx = (newest - stored + 1 + m) % m;
        for (int k = 0; k < stored; k++) {
            double b = rho[idx] * maskedDot(y[idx], d, free);
            for (int i = 0; i < n; i++) {
                if (free[i]) {
                    d[i] += s[idx][i] * (alpha[idx] - b);
                }
            }
            idx = (idx + 1) % m;
        }
    }

    private static double maskedDot(double[] a, double[] b, boolean[] free) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (free[i]) {
                sum += a[i] * b[i];
            }
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private double maxStep(double[] x, double[] d) {
        double t = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (d[i] < 0 && lower[i] > Double.NEGATIVE_INFINITY) {
                t = Math.min(t, (lower[i] - x[i]) / d[i]);
            } else if (d[i] > 0 && upper[i] < Double.POSITIVE_INFINITY) {
                t = Math.min(t, (upper[i] - x[i]) / d[i]);
            }
        }
        return Math.max(t, 0);
    }

    private void project(double[] x) {
        for (int i = 0; i < n; i++) {
            x[i] = Math.min(Math.max(x[i], lower[i]), upper[i]);
        }
    }

    private double lastValue;

    private double trial(double[] x, double[] d, double t, double[] xOut, double[] gOut) {
        for (int i = 0; i < n; i++) {
            xOut[i] = x[i] + t * d[i];
        }
        project(xOut);
        lastValue = eval(xOut, gOut);
        return lastValue;
    }

    /**
     * Strong-Wolfe line search (bracketing, then zoom with safeguarded cubic interpolation), with the step
     * capped at tMax (the first bound hit). Leaves the accepted point in xNew/gNew and its value in
     * lastValue; returns the step, or NaN when no acceptable step was found.
     */
    private double lineSearch(double[] x, double f0, double[] g0, double[] d, double slope0, double t0, double tMax,
                              double[] xNew, double[] gNew) {
        double tPrev = 0;
        double fPrev = f0;
        double dPrev = slope0;
        double t = t0;
        int used = 0;
        if (!(t > 0)) {
            return Double.NaN;
        }
        while (used < MAX_LINE_SEARCH_EVALUATIONS) {
            double ft = trial(x, d, t, xNew, gNew);
            used++;
            double dt = dot(gNew, d);
            if (!Double.isFinite(ft)) {
                // Stepped into a region where the objective overflows: shrink towards the last good step.
                t = tPrev + 0.25 * (t - tPrev);
                continue;
            }
            if (ft > f0 + C1 * t * slope0 || (used > 1 && ft >= fPrev)) {
                return zoom(x, f0, slope0, d, tPrev, fPrev, dPrev, t, ft, dt, xNew, gNew, used);
            }
            if (Math.abs(dt) <= -C2 * slope0) {
                return t;
            }
            if (dt >= 0) {
                return zoom(x, f0, slope0, d, t, ft, dt, tPrev, fPrev, dPrev, xNew, gNew, used);
            }
            if (t >= tMax) {
                // Sufficient decrease holds and the function still falls, but a bound stops us: accept.
                return t;
            }
            tPrev = t;
            fPrev = ft;
            dPrev = dt;
            t = Math.min(2 * t, tMax);
        }
        return Double.NaN;
    }

    private double zoom(double[] x, double f0, double slope0, double[] d, double tLo, double fLo, double dLo,
                        double tHi, double fHi, double dHi, double[] xNew, double[] gNew, int used) {
        while (used < MAX_LINE_SEARCH_EVALUATIONS) {
            double t = cubicMinimizer(tLo, fLo, dLo, tHi, fHi, dHi);
            double a = Math.min(tLo, tHi);
            double b = Math.max(tLo, tHi);
            double width = b - a;
            if (!(t > a + 0.1 * width && t < b - 0.1 * width)) {
                t = 0.5 * (a + b);
            }
            if (width <= 1e-16 * Math.max(1.0, b)) {
                break;
            }
            double ft = trial(x, d, t, xNew, gNew);
            used++;
            double dt = dot(gNew, d);
            if (!Double.isFinite(ft) || ft > f0 + C1 * t * slope0 || ft >= fLo) {
                tHi = t;
                fHi = Double.isFinite(ft) ? ft : Double.MAX_VALUE;
                dHi = Double.isFinite(dt) ? dt : 0;
            } else {
                if (Math.abs(dt) <= -C2 * slope0) {
                    return t;
                }
                if (dt * (tHi - tLo) >= 0) {
                    tHi = tLo;
                    fHi = fLo;
                    dHi = dLo;
                }
                tLo = t;
                fLo = ft;
                dLo = dt;
            }
        }
        if (tLo > 0 && fLo < f0) {
            // Curvature condition not met within the budget, but tLo gives sufficient decrease: take it.
            trial(x, d, tLo, xNew, gNew);
            return tLo;
        }
        return Double.NaN;
    }

    /** Minimiser of the cubic matching values and slopes at a and b (NaN when it does not exist). */
    private static double cubicMinimizer(double a, double fa, double da, double b, double fb, double db) {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (!(disc >= 0)) {
            return Double.NaN;
        }
        double d2 = Math.copySign(Math.sqrt(disc), b - a);
        double t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
        return Double.isFinite(t) ? t : Double.NaN;
    }
}
