#!/usr/bin/env bash
# Scores the shipped samples: the three retail months into reports/example (committed,
# so the README can show them; tests check they are up to date) and the phone calls into
# reports/phone (and 13 months of a chain into reports/chain-year). Run from the repository root:  bash samples/run.sh
set -euo pipefail
echo "building shopscore (release; a minute the first time)..." >&2
cargo build --quiet --release --bin shopscore
bin="${CARGO_TARGET_DIR:-target}/release/shopscore"
$bin score --rubric rubrics/retail-visit.yaml --out reports/example \
  samples/retail-2026-08.csv samples/retail-2026-09.csv samples/retail-2026-10.csv
$bin score --rubric rubrics/phone-call.yaml --out reports/phone samples/phone-2026-10.csv
# A chain's org chart: region → area → store (rubric `fields.levels`), by area.
$bin score --rubric rubrics/chain-visit.yaml --out reports/chain-levels --by area samples/chain-levels.csv
# Thirteen months of a chain (2025-10 to 2026-10): the year to date against last year.
$bin score --rubric rubrics/chain-year.yaml --out reports/chain-year samples/chain-year/
