#!/usr/bin/env bash
# Scores the shipped samples into reports/: the retail months and the phone calls.
# Run from the repository root:  bash samples/run.sh
set -euo pipefail
cargo build --quiet --release --bin shopscore
bin=target/release/shopscore
$bin score --rubric rubrics/retail-visit.yaml --out reports/retail \
  samples/retail-2026-08.csv samples/retail-2026-09.csv samples/retail-2026-10.csv
$bin score --rubric rubrics/phone-call.yaml --out reports/phone samples/phone-2026-10.csv
