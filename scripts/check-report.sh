#!/usr/bin/env bash
# Opens an analysis report (report.html) in Debian's headless Chromium and checks it really rendered: the DOM
# as the browser built it must contain the expected headings, every figure as <svg> (or <img>), the end marker,
# and no error page or XML parse error; a screenshot is kept next to the report for a human look.
#   scripts/check-report.sh REPORT.html [SCREENSHOT.png]
# Exit codes: 0 rendered fine, 1 a check failed, 2 usage error or Chromium missing.
set -euo pipefail

usage() { echo "usage: $0 REPORT.html [SCREENSHOT.png]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
report=$1
[ -f "$report" ] || { echo "check-report: no such file: $report" >&2; exit 2; }
report=$(readlink -f "$report")
shot=${2:-${report%.html}-screenshot.png}
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "check-report: $chromium not found; install it with: apt-get install -y chromium" >&2; exit 2; }

profile=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$profile" "$work"' EXIT
# Flags: no sandbox (containers run as root), nothing fetched from the network, a throw-away profile.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir="$profile")

fail() { echo "check-report: FAIL: $*" >&2; exit 1; }

timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$report" >"$work/dom.html" 2>"$work/dom.log" \
  || fail "chromium --dump-dom exited with $? ($(tail -n 3 "$work/dom.log" | tr '\n' ' '))"
timeout 120 "$chromium" "${flags[@]}" --hide-scrollbars --window-size=1200,3000 --screenshot="$shot" \
  "file://$report" >"$work/shot.log" 2>&1 || fail "chromium --screenshot exited with $?"

dom="$work/dom.html"
[ -s "$dom" ] || fail "the browser returned an empty DOM"
count() { { grep -o -- "$1" "$2" || true; } | wc -l; } # occurrences; 0 is a valid answer

# The page was parsed to its end and is ours, not a browser error page.
grep -q 'id="report-end"' "$dom" || fail "end marker id=\"report-end\" missing: page not fully loaded"
for marker in 'neterror' 'ERR_FILE_NOT_FOUND' 'ERR_ACCESS_DENIED' '<parsererror' 'This page isn.t working'; do
  if grep -q "$marker" "$dom"; then fail "browser error text found: $marker"; fi
done

# Expected headings: the title, one section per configuration with its sub-headings.
grep -q '<h1>' "$dom" || fail "no <h1> title"
sections=$(count '<section id="config-' "$dom")
[ "$sections" -ge 1 ] || fail "no configuration section"
for heading in 'Configuration' 'Fitted parameters' 'How well the model explains the transformer' \
               'Derived predictions' 'Figures'; do
  n=$(count "<h3>$heading</h3>" "$dom")
  [ "$n" -eq "$sections" ] || fail "heading '$heading' appears $n times for $sections sections"
done

# Every figure the file holds is in the DOM the browser built, each with drawn content.
figures_file=$(count '<figure' "$report")
figures_dom=$(count '<figure' "$dom")
svgs_file=$(count '<svg' "$report")
svgs_dom=$(count '<svg' "$dom")
imgs_file=$(count '<img' "$report")
imgs_dom=$(count '<img' "$dom")
[ "$figures_dom" -ge 1 ] || fail "no <figure> in the rendered page"
[ "$figures_dom" -eq "$figures_file" ] || fail "$figures_file figures in the file but $figures_dom in the DOM"
[ "$svgs_dom" -eq "$svgs_file" ] || fail "$svgs_file <svg> in the file but $svgs_dom in the DOM"
[ "$imgs_dom" -eq "$imgs_file" ] || fail "$imgs_file <img> in the file but $imgs_dom in the DOM"
[ $((svgs_dom + imgs_dom)) -ge "$figures_dom" ] || fail "$figures_dom figures but only $((svgs_dom + imgs_dom)) images"
# Per figure: the inline SVG carries text (titles, axis labels) and drawn shapes.
texts=$(count '<text' "$dom")
[ "$texts" -ge $((5 * svgs_dom)) ] || fail "only $texts SVG <text> elements for $svgs_dom figures"
# Base64 images, if any, must be complete data URIs.
if [ "$imgs_dom" -gt 0 ]; then
  bad=$(grep -o '<img[^>]*>' "$dom" | grep -vc 'src="data:image/' || true)
  [ "$bad" -eq 0 ] || fail "$bad <img> without an inline data: source (external request)"
fi
# No external requests: nothing in the page points at http(s) resources.
if grep -Eq '(src|href)="https?:' "$dom"; then fail "the page references an external resource"; fi

# The screenshot exists and is a real image of the page, not an empty canvas.
[ -s "$shot" ] || fail "no screenshot written"
size=$(stat -c %s "$shot")
[ "$size" -gt 20000 ] || fail "screenshot is only $size bytes: page probably blank"

echo "check-report: OK: $sections section(s), $figures_dom figures ($svgs_dom svg, $imgs_dom img), screenshot $shot"
