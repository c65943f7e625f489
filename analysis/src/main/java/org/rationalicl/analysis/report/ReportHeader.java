// What the top of the report says: its title, where the data came from and which tool made it.
// No clock inside the report code, so the same inputs give the same bytes; a caller may put a date in generatedBy.
package org.rationalicl.analysis.report;

/**
 * @param title       page title and top heading
 * @param source      where the data came from, e.g. the sweep directory
 * @param generatedBy tool and version (and a date if the caller wants one)
 */
public record ReportHeader(String title, String source, String generatedBy) {

    public ReportHeader {
        Checks.text("title", title);
        Checks.text("source", source);
        Checks.text("generatedBy", generatedBy);
    }
}
