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

# A chain over 13 months (2025-10 to 2026-10), for the year to date: 9 stores in 3
# regions, each with its area, and a tenth (Newcastle Eldon Sq) opened in January 2026;
# shopper mistakes in every third month.
mkdir -p samples/chain-year
for period in 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10; do
  year=${period%-*} month=${period#*-}
  stores=10; [ "$year" = 2025 ] && stores=9
  visits=$((stores * 4 + 10#$month % 3))
  messy=(); [ $((10#$month % 3)) = 0 ] && messy=(--messy)
  gen --rubric rubrics/chain-year.yaml --out "samples/chain-year/chain-$period.csv" \
      --period "$period" --visits "$visits" --seed "${year#20}${month}7" --locations "$stores" --regions 3 \
      --area Area "${messy[@]}"
done
