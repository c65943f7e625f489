/**
 * Figures (SPEC section 10) and the self-contained HTML report of an analysis, built on plain data records so
 * they do not depend on how the numbers were computed.
 *
 * <p>Data: {@link org.rationalicl.analysis.report.ConfigurationReport} gathers, per configuration, the
 * {@link org.rationalicl.analysis.report.RelativeDistanceGrid} (w_M of transformer and fitted model on D x step),
 * {@link org.rationalicl.analysis.report.LogOddsGrid}, {@link org.rationalicl.analysis.report.TransitionSteps}
 * (with {@link org.rationalicl.analysis.report.PowerLawFit}s), {@link org.rationalicl.analysis.report.LossCurves},
 * {@link org.rationalicl.analysis.report.FittedParameters} and {@link org.rationalicl.analysis.report.MetricRow}s.
 *
 * <p>Output: {@link org.rationalicl.analysis.report.Figures} makes each {@link org.rationalicl.analysis.report.Figure}
 * (PNG or deterministic SVG, headless); {@link org.rationalicl.analysis.report.HtmlReport} writes report.html.
 * {@code scripts/check-report.sh} checks a report in headless Chromium.
 */
package org.rationalicl.analysis.report;
