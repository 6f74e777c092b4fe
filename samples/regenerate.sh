#!/usr/bin/env bash
# Regenerates the sample survey exports in samples/ (byte-identical every time).
# Run from the repository root:  bash samples/regenerate.sh
set -euo pipefail

gen() { cargo run --quiet --release --example gen_samples -- "$@"; }

# In-store visits: 12 stores in 3 regions, three months, with shopper mistakes.
gen --rubric rubrics/retail-visit.yaml --out samples/retail-2026-08.csv \
    --period 2026-08 --visits 58 --seed 2608 --locations 12 --regions 3 --messy
gen --rubric rubrics/retail-visit.yaml --out samples/retail-2026-09.csv \
    --period 2026-09 --visits 64 --seed 2609 --locations 12 --regions 3 --messy --shuffle-columns
gen --rubric rubrics/retail-visit.yaml --out samples/retail-2026-10.csv \
    --period 2026-10 --visits 67 --seed 2610 --locations 12 --regions 3 --messy

# Phone calls: 8 branches in 3 regions.
gen --rubric rubrics/phone-call.yaml --out samples/phone-2026-10.csv \
    --period 2026-10 --visits 40 --seed 1610 --locations 8 --regions 3 --messy

# A chain of 15 stores in 6 areas and 3 regions (the org-chart sample).
python3 samples/chain-levels.py
