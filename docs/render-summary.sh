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
# The year-to-date block closing the 13-month chain sample's Summary page
# (docs/year-to-date.png): the same render of reports/chain-year, cropped to the block.
book=$(ls reports/chain-year/*.xlsx)
soffice "-env:UserInstallation=file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" "$book" >/dev/null
pdf="$tmp/$(basename "${book%.xlsx}").pdf"
pdftoppm -png -r 100 -f 1 -l 1 -x 50 -y 690 -W 700 -H 112 -singlefile "$pdf" docs/year-to-date
echo "wrote docs/year-to-date.png"
