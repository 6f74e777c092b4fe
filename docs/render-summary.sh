#!/usr/bin/env bash
# Renders the sample workbook's Summary page as it prints (docs/summary-page.png, shown in
# the README): the workbook from reports/example (bash samples/run.sh writes it) through
# LibreOffice to PDF, then its first page at 60 dpi with poppler.
# Needs soffice (libreoffice-calc) and pdftoppm (poppler-utils). Run from the repository root:
#   bash docs/render-summary.sh
set -euo pipefail
book=$(ls reports/example/*.xlsx)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
soffice "-env:UserInstallation=file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" "$book" >/dev/null
pdf="$tmp/$(basename "${book%.xlsx}").pdf"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" docs/summary-page
echo "wrote docs/summary-page.png"
